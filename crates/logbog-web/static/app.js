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
  // In the work list, one press ticks every item of the trainee's card (without this file,
  // each is ticked by itself).
  Array.prototype.slice.call(document.querySelectorAll("button.select-all")).forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      button.closest("form").querySelectorAll("input[name=request]").forEach(function (box) { box.checked = true; });
    });
  });
  // In the work list, choosing an item's basis ticks the item (the server counts the choice
  // as a tick too, so this only shows it).
  Array.prototype.slice.call(document.querySelectorAll("li.work-item select[name=method]")).forEach(function (select) {
    select.addEventListener("change", function () {
      var box = select.closest("li.work-item").querySelector("input[name=request]");
      if (box && select.value !== "") { box.checked = true; }
    });
  });
});
