// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

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

  // Filter selects submit on change, so keyboard users can still use the "Áp dụng" button.
  document.querySelectorAll("form.filters select").forEach((select) => {
    select.addEventListener("change", () => {
      const page = select.form.querySelector("input[name=page]");
      if (page) page.remove();
      select.form.requestSubmit();
    });
  });
});
