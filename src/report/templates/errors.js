window.onerror = function (message, source, line) {
  var text = String(message) + (line ? " (line " + line + ")" : "");
  document.documentElement.setAttribute("data-js-error", text);
  var box = document.getElementById("js-errors");
  if (box) {
    box.hidden = false;
    box.textContent = "Part of this page could not be shown: " + text;
  }
};
