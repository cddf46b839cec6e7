// Progressive enhancement only: every page works without this file. The "js" class
// is set before the first paint by the inline script in templates/base.html.

document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.querySelector(".visually-hidden").textContent = open ? "Đóng menu" : "Mở menu";
      nav.classList.toggle("is-open", open);
    });
  }

  // On a narrow screen the filters would push the results far down: fold them
  // unless one is in use. Widening the window shows them again.
  const narrow = window.matchMedia("(max-width: 900px)");
  document.querySelectorAll("details[data-fold-narrow]").forEach((panel) => {
    if (narrow.matches && !panel.hasAttribute("data-active")) panel.open = false;
    // From now on the panel's own open state shows or hides it (site.css folds it
    // until this point).
    panel.setAttribute("data-folded", "");
    narrow.addEventListener("change", (event) => {
      if (!event.matches) panel.open = true;
    });
  });

  // Filter selects submit on change, so keyboard users can still use the "Áp dụng" button.
  document.querySelectorAll("form.filters select").forEach((select) => {
    select.addEventListener("change", () => {
      const page = select.form.querySelector("input[name=page]");
      if (page) page.remove();
      select.form.requestSubmit();
    });
  });
});
