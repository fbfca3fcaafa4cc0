// The page's player: Streamlit's component calls this with each message from Python
// (player/bundle.py joins the modules into one script, this one last).
import { mountPlayer } from "./mount.js";

export default function (component) {
  mountPlayer(component);
}
