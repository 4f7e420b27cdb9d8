// Progressive enhancement only: every page works without this file.
// Selection menus submit themselves on change, so switching takes one interaction.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) { select.form.submit(); }
    });
  });
});
