// Progressive enhancement only: every page works without this file.
// Selection menus close when another opens or on Escape, like menus elsewhere.
document.addEventListener("DOMContentLoaded", function () {
  var menus = Array.prototype.slice.call(document.querySelectorAll("details.menu"));
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) {
        menus.forEach(function (other) { if (other !== menu) { other.open = false; } });
      }
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });
});
