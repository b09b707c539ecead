from salesdash.cli import main

raise SystemExit(main())
