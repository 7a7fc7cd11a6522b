import { runAction, secretInputsOf } from "@sre-actions/core";
import { INPUTS } from "./inputs.js";
import { main } from "./main.js";

await runAction(main, { secretInputs: secretInputsOf(INPUTS) });
