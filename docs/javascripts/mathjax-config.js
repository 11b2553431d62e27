// MathJax 2 (from the jupyter-server-mathjax package, copied into the site by docs/hooks.py):
// only the LaTeX that pymdownx.arithmatex marked, fonts served from the site itself.
window.MathJax = {
  config: ["TeX-AMS-MML_HTMLorMML-full.js"],
  tex2jax: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processClass: "arithmatex",
    ignoreClass: ".*",
  },
  "HTML-CSS": { availableFonts: [], webFont: "STIX-Web", imageFont: null },
  menuSettings: { zoom: "Click" },
  showProcessingMessages: false,
  messageStyle: "none",
};
