from notes2anki.cli import main

main()
