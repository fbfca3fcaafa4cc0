// The offline lesson: screen by screen, each with the run and bank the core computed for it
// (played by offline.js), its words, and its question with the answers offered and their
// verdicts, all computed when the file was made. Nothing is judged here: a choice shows the
// verdict the file holds for it.
import { readRun, startOffline } from "./offline.js";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function questionBox(question, words, onAnswer) {
  const box = element("fieldset", "linreg-offline-question");
  box.append(element("legend", "", question.prompt));
  box.append(element("p", "", words.choose));
  const verdict = element("p", "linreg-offline-verdict");
  verdict.setAttribute("role", "status");
  verdict.setAttribute("data-testid", "linreg-offline-verdict");
  question.choices.forEach((choice, i) => {
    const button = element("button", "linreg-offline-choice", choice.label);
    button.type = "button";
    button.setAttribute("data-testid", "linreg-offline-choice-" + i);
    button.addEventListener("click", () => {
      verdict.textContent = choice.says;
      onAnswer();
    });
    box.append(button);
  });
  box.append(verdict);
  return box;
}

export function startLesson(root, notice) {
  const file = readRun();
  const words = file.words;
  const at = { screen: 0 };
  const progress = element("p", "linreg-offline-progress");
  progress.setAttribute("data-testid", "linreg-offline-progress");
  const title = element("h2", "linreg-offline-screen-title");
  const text = element("p", "linreg-offline-text");
  const asked = element("div");
  const noticed = element("p", "linreg-offline-notice");
  noticed.setAttribute("data-testid", "linreg-offline-noticed");
  const nav = element("nav", "linreg-offline-nav");
  nav.setAttribute("aria-label", file.title);
  const back = element("button", "", "← " + words.back);
  const next = element("button", "", words.next + " →");
  back.type = next.type = "button";
  back.setAttribute("data-testid", "linreg-offline-back");
  next.setAttribute("data-testid", "linreg-offline-next");
  nav.append(back, next);
  const stage = element("div");
  root.append(progress, title, text, asked, noticed, nav, stage);

  function showNotice(screen) {
    noticed.textContent = screen.notice ? words.notice.replace("{notice}", screen.notice) : "";
    noticed.hidden = !screen.notice;
  }

  function show(index) {
    at.screen = index;
    const screen = file.screens[index];
    const total = file.screens.length;
    progress.textContent = words.progress.replace("{n}", index + 1).replace("{total}", total);
    title.textContent = screen.title;
    text.textContent = screen.text;
    asked.replaceChildren();
    noticed.hidden = true;
    if (screen.question) {
      asked.append(questionBox(screen.question, words, () => showNotice(screen)));
    } else if (screen.mission) {
      asked.append(element("p", "", words.mission.replace("{mission}", screen.mission.title)),
        element("p", "", screen.mission.goal));
    } else {
      showNotice(screen);
    }
    back.disabled = index === 0;
    next.disabled = index + 1 >= total;
    // a new player for each screen: its own run, bank and epoch slider
    const player = element("div");
    stage.replaceChildren(player);
    notice.hidden = true;
    startOffline(player, notice, { message: screen.message, bank: screen.bank, words });
  }

  back.addEventListener("click", () => show(Math.max(0, at.screen - 1)));
  next.addEventListener("click", () => show(Math.min(file.screens.length - 1, at.screen + 1)));
  show(0);
}

const lessonRoot = document.getElementById("linreg-offline-lesson");
if (lessonRoot) startLesson(lessonRoot, document.getElementById("linreg-offline-notice"));
