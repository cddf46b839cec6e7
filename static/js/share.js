// "Sao chép liên kết" (templates/components/share_links.html). Without this file the
// page's address is shown in a field to copy by hand; with it, a button copies it.

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-share]").forEach((share) => {
    const button = share.querySelector("[data-share-copy]");
    const address = share.querySelector("[data-share-address]");
    const status = share.querySelector("[data-share-status]");
    if (!button || !navigator.clipboard) return;
    button.hidden = false;
    address.hidden = true;
    button.addEventListener("click", async () => {
      status.textContent = "";
      try {
        await navigator.clipboard.writeText(button.dataset.shareCopy);
        status.textContent = "Đã sao chép liên kết";
      } catch {
        // Refused (no permission, an insecure page): show the address, selected, instead.
        address.hidden = false;
        const input = address.querySelector("input");
        input.focus();
        input.select();
        status.textContent = "Không sao chép được, hãy sao chép liên kết trong ô bên trên.";
      }
    });
  });
});
