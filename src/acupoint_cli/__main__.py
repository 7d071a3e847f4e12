"""python -m acupoint_cli"""

from .cli import main

main()
