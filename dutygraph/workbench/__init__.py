"""The planner's workbench: a local web app to explore, check, correct and hand on (``dutygraph app``)."""
