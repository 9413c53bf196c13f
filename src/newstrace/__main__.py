from newstrace.cli.main import app

app(prog_name="newstrace")
