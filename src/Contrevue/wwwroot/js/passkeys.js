// Passkeys (WebAuthn): adding one on /compte, signing in with one on /connexion. WebAuthn exists
// only in JavaScript, so the controls stay hidden without it (or on a browser that cannot parse the
// JSON options), and the password form keeps working. Requests go to our own origin only, with the
// page's antiforgery token.
(function () {
  "use strict";

  var supported = window.PublicKeyCredential
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function"
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function"
    && navigator.credentials;
  if (!supported) { return; }

  function post(url, container, body) {
    var token = container.querySelector("input[name=__RequestVerificationToken]").value;
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "RequestVerificationToken": token },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.status === 204 ? null : response.json();
    });
  }

  function run(container, button, ceremony) {
    var status = container.querySelector("[data-passkey-status]");
    button.disabled = true;
    status.textContent = "";
    ceremony().catch(function () {
      status.textContent = container.dataset.error;
      button.disabled = false;
    });
  }

  document.querySelectorAll("[data-passkey-create]").forEach(function (form) {
    var button = form.querySelector("button[type=submit]");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(form, button, function () {
        return post(form.dataset.options, form)
          .then(function (options) {
            return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
          })
          .then(function (credential) {
            return post(form.dataset.submit, form, {
              credential: credential.toJSON(),
              name: form.elements.namedItem("passkeyName").value
            });
          })
          .then(function () { window.location.assign(window.location.pathname); });
      });
    });
  });

  document.querySelectorAll("[data-passkey-signin]").forEach(function (block) {
    var button = block.querySelector("button");
    block.hidden = false;
    button.addEventListener("click", function () {
      run(block, button, function () {
        return post(block.dataset.options, block)
          .then(function (options) {
            return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
          })
          .then(function (credential) {
            return post(block.dataset.submit, block, { credential: credential.toJSON() });
          })
          .then(function (signedIn) { window.location.assign(signedIn.redirect); });
      });
    });
  });
})();
