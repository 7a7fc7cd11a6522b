import type { PacerOptions } from "@sre-actions/core/pace";

/**
 * ECS's documented token buckets ("Request throttling for the Amazon ECS API"): burst, then the
 * refill rate per second, for every ECS operation this action calls. DescribeServices and
 * ListServices share the service-read bucket; tag and untag are paced as one bucket (the
 * conservative reading). Application Auto Scaling, RDS and CloudWatch publish no request rates
 * for these calls: their few calls ride on the SDK's retry alone.
 */
export const ECS_PACING: PacerOptions = {
  classes: {
    DescribeClusters: "ClusterRead",
    UpdateService: "ServiceModify",
    TagResource: "Tagging",
    UntagResource: "Tagging",
    DescribeServices: "ServiceRead",
    ListServices: "ServiceRead",
    DescribeTaskDefinition: "TaskDefinitionRead",
  },
  limits: {
    ClusterRead: { burst: 50, perSecond: 20 },
    ServiceModify: { burst: 50, perSecond: 5 },
    Tagging: { burst: 20, perSecond: 10 },
    ServiceRead: { burst: 100, perSecond: 20 },
    TaskDefinitionRead: { burst: 50, perSecond: 20 },
  },
};
