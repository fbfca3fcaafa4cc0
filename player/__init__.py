"""The player that runs in the browser: its JavaScript modules (js/), its CSS, and how they
become one script (bundle.py). No Streamlit here: the page mounts it (ui/player.py)."""

from pathlib import Path

HERE = Path(__file__).parent
MODULES = HERE / "js"  # the player's ES modules, joined into one script
CSS = HERE / "player.css"
