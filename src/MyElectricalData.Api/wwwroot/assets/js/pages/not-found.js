import { initPage } from "../ui.js";

initPage();
