// "5 of 8 answered", kept up to date as the learner answers. The quiz works without it: the
// server says the same on the error summary when something is still open.
(function () {
  "use strict";
  var form = document.querySelector("form.quiz");
  var counter = document.getElementById("answered-count");
  if (!form || !counter) return;
  var questions = form.querySelectorAll("fieldset.question");

  function isAnswered(question) {
    if (question.querySelector("input:checked")) return true;
    var text = question.querySelector("input[type=text]");
    if (text) return text.value.trim() !== "";
    var selects = Array.prototype.slice.call(question.querySelectorAll("select"));
    if (!selects.length) return false;
    var filled = selects.filter(function (s) { return s.value !== ""; }).length;
    // ordering needs every position; matching may leave rows blank
    return question.querySelector(".slot-rows-ordering") ? filled === selects.length : filled > 0;
  }

  function update() {
    var answered = Array.prototype.filter.call(questions, isAnswered).length;
    counter.textContent = answered + " of " + questions.length + " answered";
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  counter.hidden = false;
  update();
})();
