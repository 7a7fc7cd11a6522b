import type { PacerOptions } from "@sre-actions/core/pace";

/**
 * ECS's documented token buckets ("Request throttling for the Amazon ECS API"): burst, then the
 * refill rate per second. DescribeServices and ListServices share the service-read bucket; tag
 * and untag are paced as one bucket (the conservative reading). Application Auto Scaling and RDS
 * publish no request rates: their few calls ride on the SDK's retry alone.
 */
export const ECS_PACING: PacerOptions = {
  classes: {
    UpdateService: "UpdateService",
    TagResource: "Tagging",
    UntagResource: "Tagging",
    DescribeServices: "ServiceRead",
    ListServices: "ServiceRead",
  },
  limits: {
    UpdateService: { burst: 50, perSecond: 5 },
    Tagging: { burst: 20, perSecond: 10 },
    ServiceRead: { burst: 100, perSecond: 20 },
  },
};
