import { runAction, secretInputsOf } from "@sre-actions/core";
import { INPUTS } from "./inputs.js";
import { main } from "./main.js";

await runAction(main, { name: "notion-env-status", secretInputs: secretInputsOf(INPUTS) });
