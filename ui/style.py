"""CSS for the page around the player: presentation mode, captions that can be read, and
Streamlit's own English words."""

from __future__ import annotations

PRESENT = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] {
  padding: 0.5rem 1.5rem !important; max-width: 100% !important;
}
"""

# The file uploader's built-in words are English; in another language they are hidden and
# the button shows the page's own word instead (the caption under it explains the rest).
UPLOADER = """
[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }
[data-testid="stFileUploaderDropzone"] button > span,
[data-testid="stFileUploaderDropzone"] button > div { display: none !important; }
[data-testid="stFileUploaderDropzone"] button::after { content: "%s"; }
"""


# Streamlit's captions are its text colour at 60% opacity: 3.9:1 on white, under the 4.5:1
# that WCAG asks of text. At 75% they are 6.1:1 on white and 5.9:1 on the sidebar, and still
# lighter than the text; on a dark theme more opacity only adds contrast.
CAPTIONS = """
[data-testid="stCaptionContainer"] { opacity: 0.75 !important; }
"""

# A locked control (a link's, a mission's or a lesson's screen) is drawn disabled; Streamlit
# greys its label too, to 2.3:1. The label keeps the text's colour: the control shows the lock.
LOCKED_LABELS = """
[data-testid="stWidgetLabel"], [data-testid="stWidgetLabel"] p { color: inherit !important; }
"""

# A focused toggle, checkbox or radio: Streamlit only greys its label faintly (the input is a
# pixel wide), so the label gets a ring, as the player's controls have.
FOCUS = """
:is([data-testid="stCheckbox"] label, label[data-testid="stRadioOption"]):has(input:focus-visible) {
  outline: 3px solid currentColor; outline-offset: 2px;
}
"""


# Embedded in an iframe (slides, a course page): no sidebar, header or margins.
EMBED = PRESENT + """
[data-testid="stMainBlockContainer"] { padding: 0.25rem 0.5rem !important; }
[data-testid="stExpandSidebarButton"] { display: none !important; }
"""


# Streamlit draws its icons with an icon font of 375 KB (Material Symbols), fetched as soon as
# one icon is laid out: a fifth of a phone's first visit. The icons of a first visit, the
# page's or a student's, are drawn here without it: arrows from the page's own font, the
# password field's eye in CSS (struck through while the password shows). The server puts
# this into the first document's head (server.py, delivery.py), ahead of the first icon.
ICONS = """
:is([data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"],
    [data-testid="stExpander"] summary, [data-testid="stFileUploaderDropzone"] button,
    [data-testid="stTextInputRootElement"] button) [data-testid="stIconMaterial"] {
  font-family: inherit !important; font-size: 0 !important;
}
[data-testid="stIconMaterial"]::before {
  display: inline-block; font-size: 1.25rem; line-height: 1; transition: transform 0.2s;
}
[data-testid="stExpandSidebarButton"] [data-testid="stIconMaterial"]::before { content: "\\bb"; }
[data-testid="stSidebarCollapseButton"] [data-testid="stIconMaterial"]::before { content: "\\ab"; }
[data-testid="stExpander"] summary [data-testid="stIconMaterial"]::before { content: "\\203a"; }
[data-testid="stExpander"] details[open] > summary [data-testid="stIconMaterial"]::before {
  transform: rotate(90deg);
}
[data-testid="stFileUploaderDropzone"] button [data-testid="stIconMaterial"]::before {
  content: "\\2191"; font-size: 1rem;
}
[data-testid="stTextInputRootElement"] button [data-testid="stIconMaterial"]::before {
  content: ""; width: 1rem; height: 0.6rem; border: 0.125rem solid currentColor;
  border-radius: 50%; background: radial-gradient(currentColor 0 0.15rem, transparent 0.17rem);
}
[data-testid="stTextInputRootElement"]:has(input[type="text"]) button
  [data-testid="stIconMaterial"]::before {
  background: radial-gradient(currentColor 0 0.15rem, transparent 0.17rem),
    linear-gradient(45deg, transparent 45%, currentColor 45% 55%, transparent 55%);
}
"""


def page_css(present: bool, words: dict, embed: bool = False) -> str:
    css = CAPTIONS + LOCKED_LABELS + FOCUS + (EMBED if embed else PRESENT if present else "")
    if words.get("upload_button") != "Upload":
        css += UPLOADER % words["upload_button"].replace('"', "")
    return f"<style>{css}</style>"
