// Anti-robot proof of work for <form data-proof-of-work>: find a number such that
// SHA-256(challenge + ":" + number) starts with the challenge's number of zero bits, put it in
// proof_solution, then let the form go. Without this script (or without Web Crypto) the form posts
// without a solution and the server applies its stricter limit. This same file is the Web Worker
// that does the counting, so that nothing but our own origin is ever loaded.
(function () {
  "use strict";

  var BATCH = 512;

  function leadingZeroBits(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      var b = bytes[i];
      if (b === 0) { count += 8; continue; }
      while ((b & 0x80) === 0) { count++; b <<= 1; }
      return count;
    }
    return count;
  }

  // Hashes BATCH candidates at once (Web Crypto is asynchronous), calls back with the first that works.
  function solve(challenge, yieldBetweenBatches, done) {
    var bits = parseInt(challenge.split(".")[3], 10);
    if (!(bits > 0 && bits <= 64)) { done(null); return; }
    var encoder = new TextEncoder();
    var next = 0;
    function batch() {
      var start = next;
      next += BATCH;
      var hashes = [];
      for (var n = start; n < next; n++) {
        hashes.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + n)));
      }
      Promise.all(hashes).then(function (results) {
        for (var i = 0; i < results.length; i++) {
          if (leadingZeroBits(new Uint8Array(results[i])) >= bits) { done(String(start + i)); return; }
        }
        if (yieldBetweenBatches) { setTimeout(batch, 0); } else { batch(); }
      }, function () { done(null); });
    }
    batch();
  }

  if (typeof document === "undefined") {
    self.onmessage = function (event) {
      solve(event.data, false, function (solution) { self.postMessage(solution); });
    };
    return;
  }

  var scriptUrl = document.currentScript && document.currentScript.src;
  if (window.contrevueProofOfWork || !window.crypto || !crypto.subtle || !window.TextEncoder || !window.Promise) { return; }
  window.contrevueProofOfWork = true;

  var english = document.documentElement.lang === "en";
  var workingText = english ? "Anti-robot check in progress…" : "Vérification anti-robot en cours…";

  function solveInBackground(challenge, done) {
    if (window.Worker && scriptUrl) {
      try {
        var worker = new Worker(scriptUrl);
        worker.onmessage = function (event) { worker.terminate(); done(event.data); };
        worker.onerror = function (event) { event.preventDefault(); worker.terminate(); solve(challenge, true, done); };
        worker.postMessage(challenge);
        return;
      } catch (e) { /* workers refused: count on the page, yielding to it */ }
    }
    solve(challenge, true, done);
  }

  function setUp(form) {
    var challenge = form.querySelector("input[name=proof_challenge]");
    var solution = form.querySelector("input[name=proof_solution]");
    if (!challenge || !solution || !challenge.value) { return; }

    var status = document.createElement("p");
    status.className = "proof-of-work-status";
    status.setAttribute("role", "status");
    form.appendChild(status);

    var finished = false;
    var waitingSubmitter = null;
    var waiting = false;
    var sent = false;

    function buttons(disabled) {
      var list = form.querySelectorAll("button, input[type=submit]");
      for (var i = 0; i < list.length; i++) { list[i].disabled = disabled; }
    }

    solveInBackground(challenge.value, function (value) {
      finished = true;
      if (value !== null) { solution.value = value; }
      if (waiting) {
        waiting = false;
        status.textContent = "";
        buttons(false);
        if (form.requestSubmit) { form.requestSubmit(waitingSubmitter || undefined); } else { sent = true; form.submit(); }
      }
    });

    form.addEventListener("submit", function (event) {
      // A button that writes nothing (data-no-write, a [NoWrite] handler) needs no proof and spends none.
      if (event.submitter && event.submitter.hasAttribute("data-no-write")) { return; }
      // A second submission would reuse the spent challenge and be refused.
      if (sent) { event.preventDefault(); return; }
      if (finished) { sent = true; return; }
      event.preventDefault();
      waiting = true;
      waitingSubmitter = event.submitter || null;
      status.textContent = workingText;
      buttons(true);
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-proof-of-work]");
    for (var i = 0; i < forms.length; i++) { setUp(forms[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
