export { autoScalingOperations } from "./operations.js";
export { ECS_DIMENSION, type ScalableTargetRecord, ScalableTargetStore } from "./targets.js";
