(() => {
  "use strict";
  // Anki shows a card in <body class="card card1">, adding both classes in night mode.
  const CARD_CLASSES = ["card", "card1"];
  const NIGHT_CLASSES = ["nightMode", "night_mode"];

  const sheet = new CSSStyleSheet();
  sheet.replaceSync(document.getElementById("card-css").content.textContent);

  const search = document.getElementById("search");
  const status = document.getElementById("status");
  const noMatch = document.getElementById("no-match");
  const nightButton = document.getElementById("night-toggle");
  const answersButton = document.getElementById("answers-toggle");
  const topicButtons = [...document.querySelectorAll(".topic")];
  const sections = [...document.querySelectorAll(".topic-cards")];
  const entries = [...document.querySelectorAll(".entry")];
  const bodies = new Map();
  const state = { topic: "", answers: true, night: false };

  function showSide(entry, side) {
    const template = entry.querySelector(`template.side-${side}`);
    bodies.get(entry).replaceChildren(template.content.cloneNode(true));
    entry.classList.toggle("front-only", side === "front");
  }

  function turnOver(entry, event) {
    const onLink = event.composedPath().some((node) => node.tagName === "A");
    if (!state.answers && !onLink) showSide(entry, entry.classList.contains("front-only") ? "back" : "front");
  }

  for (const entry of entries) {
    const root = entry.querySelector(".anki-card").attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    const body = document.createElement("div");
    body.classList.add(...CARD_CLASSES);
    root.append(body);
    bodies.set(entry, body);
    showSide(entry, "back");
    entry.tabIndex = 0; // turned over from the keyboard too: Enter or Space on the focused card
    entry.addEventListener("click", (event) => turnOver(entry, event));
    entry.addEventListener("keydown", (event) => {
      if (event.target === entry && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        turnOver(entry, event);
      }
    });
  }

  function matches(entry, terms) {
    return terms.every((term) => entry.dataset.search.includes(term));
  }

  function applyFilters() {
    const query = search.value.trim();
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    const perTopic = new Map();
    let searched = 0;
    let shown = 0;
    for (const entry of entries) {
      const found = matches(entry, terms);
      if (found) {
        searched += 1;
        perTopic.set(entry.dataset.topic, (perTopic.get(entry.dataset.topic) || 0) + 1);
      }
      entry.hidden = !(found && (!state.topic || entry.dataset.topic === state.topic));
      shown += entry.hidden ? 0 : 1;
    }
    for (const section of sections) {
      const visible = section.querySelectorAll(".entry:not([hidden])").length;
      section.hidden = visible === 0;
      section.querySelector("h2 .count").textContent = String(visible);
    }
    for (const button of topicButtons) {
      const count = button.dataset.topic ? perTopic.get(button.dataset.topic) || 0 : searched;
      button.querySelector(".count").textContent = terms.length ? `${count}/${button.querySelector(".count").dataset.total}` : String(count);
      button.setAttribute("aria-pressed", String(button.dataset.topic === state.topic));
    }
    status.textContent = `${shown} of ${entries.length} cards` + (terms.length ? ` match “${query}”` : "");
    noMatch.hidden = shown > 0;
  }

  function setNight(on) {
    state.night = on;
    document.documentElement.classList.toggle("night", on);
    for (const body of bodies.values()) {
      for (const name of NIGHT_CLASSES) body.classList.toggle(name, on);
    }
    nightButton.setAttribute("aria-pressed", String(on));
  }

  function setAnswers(on) {
    state.answers = on;
    for (const entry of entries) showSide(entry, on ? "back" : "front");
    answersButton.setAttribute("aria-pressed", String(on));
  }

  search.addEventListener("input", applyFilters);
  for (const button of topicButtons) {
    button.addEventListener("click", () => {
      state.topic = button.dataset.topic;
      applyFilters();
      window.scrollTo({ top: 0 });
    });
  }
  nightButton.addEventListener("click", () => setNight(!state.night));
  answersButton.addEventListener("click", () => setAnswers(!state.answers));
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== search) {
      event.preventDefault();
      search.focus();
    }
  });

  // On a phone the chart would push the cards a screen down: it starts folded there.
  if (window.matchMedia("(max-width: 760px)").matches) document.querySelector(".chart-box").open = false;
  setNight(window.matchMedia("(prefers-color-scheme: dark)").matches);
  applyFilters();
})();
