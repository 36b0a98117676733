// Times are written in UTC by the server (and stay UTC in the CSV exports); here each
// <time datetime> is shown in the reader's own time zone, the UTC text kept as its tooltip.
(function () {
  "use strict";
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  document.querySelectorAll("time[datetime][data-local]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) return;
    element.title = element.textContent;
    element.textContent = format.format(moment);
  });
})();
