import { initPage, showMessage } from "../ui.js";

initPage();

// The account page sends here after a deletion, so that the person knows it went through.
if (new URLSearchParams(location.search).get("compte") === "supprime") {
    showMessage(document.getElementById("page-status"), "success",
        "Votre compte a été supprimé définitivement, ainsi que vos points de livraison et vos données en cache.");
}
