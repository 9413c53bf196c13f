from newstrace.cli.main import run

run()
