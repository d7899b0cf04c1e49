// The sandbox page: pick a person, chat with the real bot through the local Telegram server.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { lang: localStorage.getItem("sandbox-lang") || "vi", strings: {}, personas: [], persona: null,
  chat: null, chats: [], lastView: "", options: null };

function t(key) { return state.strings[key] || key; }

async function api(path, body) {
  const options = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body) };
  const response = await fetch(path, options);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "onclick") node.addEventListener("click", value);
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function showError(error) {
  const toast = $("toast");
  toast.textContent = t("error") + (error && error.message ? " (" + error.message + ")" : "");
  toast.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { toast.hidden = true; }, 4000);
}

// --- language ------------------------------------------------------------------------------------

async function setLanguage(lang) {
  state.lang = lang;
  localStorage.setItem("sandbox-lang", lang);
  state.strings = await api("/api/strings?lang=" + lang);
  document.documentElement.lang = lang;
  document.title = t("page_title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of document.querySelectorAll("[data-i18n-aria]")) node.setAttribute("aria-label", t(node.dataset.i18nAria));
  for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  state.lastView = "";
  state.personas = [];
  await loadClock();
  await loadPersonas();
  await refreshChat();
}

// --- the bot's clock (the sandbox only): a day or a week forward, then what has come due ---------

function showClock(data) {
  $("clock-now").textContent = t("clock_now").replace("{time}", data.now);
}

async function loadClock() { showClock(await api("/api/clock?lang=" + state.lang)); }

async function moveClock(days) {
  showClock(await api("/api/clock?lang=" + state.lang, { days }));
  state.lastView = "";
  await refreshChat();
}

// --- people --------------------------------------------------------------------------------------

async function loadPersonas() {
  const personas = (await api("/api/personas?lang=" + state.lang)).personas;
  if (JSON.stringify(personas) === JSON.stringify(state.personas) && $("persona-list").children.length) return;
  state.personas = personas;
  const list = $("persona-list");
  list.replaceChildren();
  for (const persona of state.personas) {
    const detail = [persona.roles.join(", "), persona.village || persona.department].filter(Boolean).join(" · ");
    list.append(el("button", { type: "button", class: "chip", "aria-pressed": String(persona.id === state.persona),
      "data-persona": persona.id, onclick: () => choosePersona(persona.id) },
      el("strong", { text: persona.name }), el("small", { text: detail })));
  }
  list.append(el("button", { type: "button", class: "chip new", onclick: openNewPersona, text: "+ " + t("new_persona") }));
}

function personaById(id) { return state.personas.find((p) => p.id === id); }

async function choosePersona(id, chat) {
  state.persona = id;
  state.chat = chat || id;
  state.lastView = "";
  location.hash = "persona=" + id + "&chat=" + state.chat;
  for (const chip of document.querySelectorAll("[data-persona]")) chip.setAttribute("aria-pressed", String(Number(chip.dataset.persona) === id));
  $("commands").hidden = true;
  await refreshChat();
  $("text").focus();
}

async function openNewPersona() {
  state.options = state.options || await api("/api/options");
  const villages = $("village-select"), departments = $("department-select");
  villages.replaceChildren(...state.options.villages.map((v) => el("option", { value: v.name, text: v.name })));
  departments.replaceChildren(...state.options.departments.map((d) => el("option", { value: d.code, text: d.name })));
  updateRoleFields();
  $("new-persona").showModal();
}

function updateRoleFields() {
  const role = $("role-select").value;
  $("village-field").hidden = role !== "village_head";
  $("department-field").hidden = role !== "officer";
}

async function createPersona(event) {
  event.preventDefault();
  const form = new FormData($("new-persona-form"));
  const role = form.get("role");
  try {
    const created = await api("/api/personas", { name: form.get("name"), role, lang: state.lang,
      village: role === "village_head" ? form.get("village") : "", department: role === "officer" ? form.get("department") : "" });
    $("new-persona").close();
    $("new-persona-form").reset();
    await loadPersonas();
    await choosePersona(created.id);
  } catch (error) { showError(error); }
}

// --- the chat ------------------------------------------------------------------------------------

async function refreshChat() {
  if (state.persona === null) return;
  let view;
  try {
    view = await api("/api/chat?persona=" + state.persona + "&chat=" + state.chat);
  } catch (error) {
    if (state.chat !== state.persona) { state.chat = state.persona; return refreshChat(); }
    return;
  }
  const serialised = JSON.stringify(view);
  if (serialised === state.lastView) return;
  const grew = !state.lastView || view.messages.length !== JSON.parse(state.lastView).messages.length;
  state.lastView = serialised;
  renderChat(view, grew);
}

function renderChat(view, scroll) {
  const persona = personaById(state.persona) || { name: "" };
  const current = view.chats.find((c) => c.id === state.chat) || view.chats[0];
  const isBot = current.kind === "bot";
  const title = isBot ? t("bot_title") : current.title;
  $("chat-title").textContent = title;
  $("chat-subtitle").textContent = (isBot ? t("bot_subtitle") : t("group_subtitle")) + " · " + persona.name;
  $("chat-avatar").textContent = isBot ? "ĐT" : initials(title);
  renderTabs(view.chats);
  const list = $("messages");
  list.replaceChildren(...view.messages.map(renderMessage));
  $("empty").textContent = view.messages.length ? "" : (isBot ? t("intro") + "\n\n" + t("empty_chat") : t("empty_group"));
  $("start-button").hidden = !(isBot && view.messages.length === 0);
  $("composer").hidden = !$("start-button").hidden;
  $("menu-button").hidden = !view.commands.length;
  renderCommands(view.commands);
  renderKeyboard(isBot ? view.keyboard : null);
  if (scroll) list.scrollTop = list.scrollHeight;
  const newest = view.messages[view.messages.length - 1];
  if (scroll && newest && newest.from !== "me") $("announce").textContent = newest.text;  // read out only what is new
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(-2).map((w) => w[0]).join("").toUpperCase();
}

function renderTabs(chats) {
  const tabs = $("chat-tabs");
  tabs.querySelectorAll("button").forEach((b) => b.remove());
  for (const chat of chats) {
    const label = chat.kind === "bot" ? t("bot_tab") : t("group_tab").replace("{village}", chat.title);
    tabs.append(el("button", { type: "button", role: "tab", "aria-selected": String(chat.id === state.chat),
      onclick: () => choosePersona(state.persona, chat.id), text: label }));
  }
}

function renderMessage(message) {
  const item = el("li", { class: "msg " + message.from, "data-message-id": message.id });
  if (message.from === "other") item.append(el("p", { class: "sender", text: message.sender }));
  if (message.photo) item.append(el("img", { src: "/api/file/" + encodeURIComponent(message.photo), alt: t("photo") }));
  if (message.document) item.append(el("p", { class: "text", text: "📄 " + message.document }));
  if (message.contact) item.append(el("p", { class: "text contact", text: t("shared_contact").replace("{phone}", message.contact) }));
  if (message.text) item.append(el("p", { class: "text", text: message.text }));
  if (message.buttons && message.buttons.length) {
    const box = el("div", { class: "inline-buttons" });
    for (const row of message.buttons) {
      box.append(el("div", { class: "row" }, ...row.map((button) => el("button", { type: "button", text: button.text,
        onclick: () => press(message.id, button.data) }))));
    }
    item.append(box);
  }
  item.append(el("p", { class: "meta", text: (message.edited ? t("edited") + " · " : "") + message.time }));
  return item;
}

function renderKeyboard(keyboard) {
  const box = $("keyboard");
  box.replaceChildren();
  if (!keyboard) return;
  for (const row of keyboard.rows) {
    box.append(el("div", { class: "row" }, ...row.map((key) => el("button", { type: "button", text: key.text,
      onclick: () => (key.contact ? shareContact() : sendText(key.text)) }))));
  }
}

function renderCommands(commands) {
  const box = $("commands");
  box.replaceChildren(...commands.map((c) => el("button", { type: "button", onclick: () => { box.hidden = true; sendText("/" + c.command); } },
    el("b", { text: "/" + c.command }), document.createTextNode(c.description))));
}

// --- what the person does ------------------------------------------------------------------------

async function act(path, body) {
  try {
    await api(path, Object.assign({ persona: state.persona, chat: state.chat }, body));
  } catch (error) { showError(error); }
  setTimeout(refreshChat, 150);
}

function sendText(text) { return act("/api/send", { text }); }
function press(messageId, data) { return act("/api/press", { message_id: messageId, data }); }
function shareContact() { return act("/api/contact", {}); }

function sendPhoto(file) {
  const reader = new FileReader();
  reader.onload = () => act("/api/photo", { photo_base64: String(reader.result).split(",")[1], caption: $("text").value.trim() })
    .then(() => { $("text").value = ""; });
  reader.readAsDataURL(file);
}

function wire() {
  for (const button of document.querySelectorAll("[data-lang]")) button.addEventListener("click", () => setLanguage(button.dataset.lang).catch(showError));
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text").value.trim();
    if (!text) return;
    $("text").value = "";
    sendText(text);
  });
  $("start-button").addEventListener("click", () => sendText("/start"));
  $("clock-day").addEventListener("click", () => moveClock(1).catch(showError));
  $("clock-week").addEventListener("click", () => moveClock(7).catch(showError));
  $("menu-button").addEventListener("click", () => { $("commands").hidden = !$("commands").hidden; });
  $("photo-input").addEventListener("change", (event) => {
    if (event.target.files[0]) sendPhoto(event.target.files[0]);
    event.target.value = "";
  });
  $("role-select").addEventListener("change", updateRoleFields);
  $("new-persona-form").addEventListener("submit", createPersona);
  $("cancel-persona").addEventListener("click", () => $("new-persona").close());
}

async function main() {
  wire();
  const hash = new URLSearchParams(location.hash.slice(1));
  await setLanguage(state.lang);
  const wanted = Number(hash.get("persona"));
  const first = personaById(wanted) ? wanted : (state.personas[0] || {}).id;
  if (first !== undefined) await choosePersona(first, Number(hash.get("chat")) || first);
  setInterval(() => refreshChat().catch(() => {}), 800);
  setInterval(() => loadPersonas().catch(() => {}), 5000);
}

main().catch(showError);
