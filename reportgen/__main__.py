from reportgen.cmdserver.client import main

raise SystemExit(main())
