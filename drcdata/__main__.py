"""`python -m drcdata`: the same command as the `drcdata` console script."""

from drcdata.cli import main

main()
