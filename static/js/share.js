// Share links (templates/components/share_links.html). Without this file the page's
// address is shown in a field to copy by hand. With it, a button copies the address, and
// the Zalo link copies it too on its way to Zalo Web, or opens the system's share sheet
// where the browser has one (phones, where Zalo is an app).

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-share]").forEach((share) => {
    const url = share.dataset.shareUrl;
    const button = share.querySelector("[data-share-copy]");
    const zalo = share.querySelector("[data-share-zalo]");
    const address = share.querySelector("[data-share-address]");
    const status = share.querySelector("[data-share-status]");
    if (!navigator.clipboard) return;

    const showAddress = () => {
      // Copying refused (no permission, an insecure page): the address, selected, instead.
      address.hidden = false;
      const input = address.querySelector("input");
      input.focus();
      input.select();
    };
    const copy = async (done) => {
      status.textContent = "";
      try {
        await navigator.clipboard.writeText(url);
        status.textContent = done;
      } catch {
        showAddress();
        status.textContent = "Không sao chép được, hãy sao chép liên kết trong ô bên trên.";
      }
    };

    button.hidden = false;
    address.hidden = true;
    button.addEventListener("click", () => copy("Đã sao chép liên kết"));

    zalo.addEventListener("click", (event) => {
      if (navigator.share) {
        event.preventDefault();
        navigator.share({ title: share.dataset.shareTitle, url }).catch(() => {
          // Closed without sharing: nothing to say.
        });
        return;
      }
      // The link opens Zalo Web; the address waits in the clipboard.
      copy("Đã sao chép liên kết: hãy dán vào cuộc trò chuyện Zalo vừa mở.");
    });
  });
});
