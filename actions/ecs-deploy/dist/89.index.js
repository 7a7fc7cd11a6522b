export const id = 89;
export const ids = [89];
export const modules = {

/***/ 762:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var __webpack_unused_export__;
const { awsEndpointFunctions, emitWarningIfUnsupportedVersion: emitWarningIfUnsupportedVersion$1, createDefaultUserAgentProvider, getDefaultSocketTimeout, NODE_APP_ID_CONFIG_OPTIONS, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveUserAgentConfig, resolveHostHeaderConfig, getUserAgentPlugin, getHostHeaderPlugin, getLoggerPlugin, getRecursionDetectionPlugin } = __webpack_require__(7085);
const { getHttpAuthSchemeEndpointRuleSetPlugin, DefaultIdentityProviderConfig, getHttpSigningPlugin } = __webpack_require__(8900);
const { normalizeProvider, getSmithyContext, ServiceException, NoOpLogger, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, getDefaultExtensionConfiguration, resolveDefaultRuntimeConfig, Client, makeBuilder, createAggregatedClient } = __webpack_require__(2764);
const { Command: $Command } = __webpack_require__(2764);
__webpack_unused_export__ = $Command;
__webpack_unused_export__ = Client;
const { resolveDefaultsModeConfig, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS, resolveRegionConfig } = __webpack_require__(817);
const { BinaryDecisionDiagram, EndpointCache, decideEndpoint, customEndpointFunctions, resolveParams, resolveEndpointConfig, getEndpointPlugin } = __webpack_require__(5091);
const { parseUrl, getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig, getContentLengthPlugin } = __webpack_require__(2884);
const { DEFAULT_RETRY_MODE, NODE_RETRY_MODE_CONFIG_OPTIONS, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, resolveRetryConfig, getRetryPlugin } = __webpack_require__(4919);
const { TypeRegistry, getSchemaSerdePlugin } = __webpack_require__(6908);
const { resolveAwsSdkSigV4Config, resolveAwsSdkSigV4AConfig, AwsSdkSigV4Signer, AwsSdkSigV4ASigner, NODE_SIGV4A_CONFIG_OPTIONS, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } = __webpack_require__(7952);
const { SignatureV4MultiRegion } = __webpack_require__(9031);
const { defaultProvider } = __webpack_require__(3081);
const { toUtf8, fromUtf8, toBase64, fromBase64, calculateBodyLength } = __webpack_require__(7980);
const { streamCollector, NodeHttpHandler } = __webpack_require__(5830);
const { AwsJson1_1Protocol } = __webpack_require__(7139);
const { Sha256 } = __webpack_require__(4864);

const o = "ref";
const a = -1, b = true, c = "isSet", d = "PartitionResult", e = "booleanEquals", f = "stringEquals", g = "getAttr", h = { [o]: "Endpoint" }, i = { [o]: "EndpointId" }, j = { [o]: d }, k = { [o]: "Region" }, l = {}, m = { "authSchemes": [{ "name": "sigv4a", "signingName": "events", "signingRegionSet": ["*"] }] }, n = [k];
const _data = {
    conditions: [
        [c, n],
        [c, [h]],
        [c, [i]],
        ["aws.partition", n, d],
        [e, [{ [o]: "UseFIPS" }, b]],
        [e, [{ [o]: "UseDualStack" }, b]],
        [f, [{ fn: g, argv: [j, "name"] }, "aws-us-gov"]],
        ["isValidHostLabel", [i, b]],
        [e, [{ fn: g, argv: [j, "supportsFIPS"] }, b]],
        [e, [{ fn: g, argv: [j, "supportsDualStack"] }, b]],
        [f, [k, "us-gov-east-1"]],
        [f, [k, "us-gov-west-1"]]
    ],
    results: [
        [a],
        ["https://events.{Region}.{PartitionResult#dualStackDnsSuffix}", l],
        [h, m],
        ["https://{EndpointId}.endpoint.events.{PartitionResult#dualStackDnsSuffix}", m],
        [a, "DualStack is enabled but this partition does not support DualStack"],
        ["https://{EndpointId}.endpoint.events.{PartitionResult#dnsSuffix}", m],
        [a, "Invalid Configuration: FIPS is not supported with EventBridge multi-region endpoints."],
        [a, "EndpointId must be a valid host label."],
        [a, "Invalid Configuration: FIPS and custom endpoint are not supported"],
        [a, "Invalid Configuration: Dualstack and custom endpoint are not supported"],
        [h, l],
        ["https://events-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", l],
        [a, "FIPS and DualStack are enabled, but this partition does not support one or both"],
        ["https://events.us-gov-east-1.amazonaws.com", l],
        ["https://events.us-gov-west-1.amazonaws.com", l],
        ["https://events-fips.{Region}.{PartitionResult#dnsSuffix}", l],
        [a, "FIPS is enabled but this partition does not support FIPS"],
        ["https://events.{Region}.{PartitionResult#dnsSuffix}", l],
        [a, "Invalid Configuration: Missing Region"]
    ]
};
const root = 2;
const r = 100_000_000;
const nodes = new Int32Array([
    -1, 1, -1,
    0, 4, 3,
    1, 27, r + 18,
    1, 25, 5,
    2, 17, 6,
    3, 7, r + 18,
    4, 10, 8,
    5, 9, r + 17,
    9, r + 1, r + 4,
    5, 14, 11,
    8, 12, r + 16,
    10, r + 13, 13,
    11, r + 14, r + 15,
    6, r + 1, 15,
    8, 16, r + 12,
    9, r + 11, r + 12,
    3, 18, r + 18,
    4, 23, 19,
    5, 21, 20,
    7, r + 5, r + 7,
    7, 22, r + 7,
    9, r + 3, r + 4,
    5, 24, 31,
    6, r + 1, 31,
    2, 26, 27,
    3, 29, 27,
    4, r + 8, 28,
    5, r + 9, r + 10,
    4, 31, 30,
    7, r + 2, r + 7,
    7, r + 6, r + 7,
]);
const bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);

const cache = new EndpointCache({
    size: 50,
    params: ["Endpoint", "EndpointId", "Region", "UseDualStack", "UseFIPS"],
});
const defaultEndpointResolver = (endpointParams, context = {}) => {
    return cache.get(endpointParams, () => decideEndpoint(bdd, {
        endpointParams: endpointParams,
        logger: context.logger,
    }));
};
customEndpointFunctions.aws = awsEndpointFunctions;

const createEndpointRuleSetHttpAuthSchemeParametersProvider = (defaultHttpAuthSchemeParametersProvider) => async (config, context, input) => {
    if (!input) {
        throw new Error("Could not find `input` for `defaultEndpointRuleSetHttpAuthSchemeParametersProvider`");
    }
    const defaultParameters = await defaultHttpAuthSchemeParametersProvider(config, context, input);
    const instructionsFn = getSmithyContext(context)?.commandInstance?.constructor
        ?.getEndpointParameterInstructions;
    if (!instructionsFn) {
        throw new Error(`getEndpointParameterInstructions() is not defined on '${context.commandName}'`);
    }
    const endpointParameters = await resolveParams(input, { getEndpointParameterInstructions: instructionsFn }, config);
    return Object.assign(defaultParameters, endpointParameters);
};
const _defaultEventBridgeHttpAuthSchemeParametersProvider = async (config, context, input) => {
    return {
        operation: getSmithyContext(context).operation,
        region: await normalizeProvider(config.region)() || (() => {
            throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })(),
    };
};
const defaultEventBridgeHttpAuthSchemeParametersProvider = createEndpointRuleSetHttpAuthSchemeParametersProvider(_defaultEventBridgeHttpAuthSchemeParametersProvider);
function createAwsAuthSigv4HttpAuthOption(authParameters) {
    return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
            name: "events",
            region: authParameters.region,
        },
        propertiesExtractor: (config, context) => ({
            signingProperties: {
                config,
                context,
            },
        }),
    };
}
function createAwsAuthSigv4aHttpAuthOption(authParameters) {
    return {
        schemeId: "aws.auth#sigv4a",
        signingProperties: {
            name: "events",
            region: authParameters.region,
        },
        propertiesExtractor: (config, context) => ({
            signingProperties: {
                config,
                context,
            },
        }),
    };
}
const createEndpointRuleSetHttpAuthSchemeProvider = (defaultEndpointResolver, defaultHttpAuthSchemeResolver, createHttpAuthOptionFunctions) => {
    const endpointRuleSetHttpAuthSchemeProvider = (authParameters) => {
        const endpoint = defaultEndpointResolver(authParameters);
        const authSchemes = endpoint.properties?.authSchemes;
        if (!authSchemes) {
            return defaultHttpAuthSchemeResolver(authParameters);
        }
        const options = [];
        for (const scheme of authSchemes) {
            const { name: resolvedName, properties = {}, ...rest } = scheme;
            const name = resolvedName.toLowerCase();
            if (resolvedName !== name) {
                console.warn(`HttpAuthScheme has been normalized with lowercasing: '${resolvedName}' to '${name}'`);
            }
            let schemeId;
            if (name === "sigv4a") {
                schemeId = "aws.auth#sigv4a";
                const sigv4Present = authSchemes.find((s) => {
                    const name = s.name.toLowerCase();
                    return name !== "sigv4a" && name.startsWith("sigv4");
                });
                if (SignatureV4MultiRegion.sigv4aDependency() === "none" && sigv4Present) {
                    continue;
                }
            }
            else if (name.startsWith("sigv4")) {
                schemeId = "aws.auth#sigv4";
            }
            else {
                throw new Error(`Unknown HttpAuthScheme found in '@smithy.rules#endpointRuleSet': '${name}'`);
            }
            const createOption = createHttpAuthOptionFunctions[schemeId];
            if (!createOption) {
                throw new Error(`Could not find HttpAuthOption create function for '${schemeId}'`);
            }
            const option = createOption(authParameters);
            option.schemeId = schemeId;
            option.signingProperties = { ...(option.signingProperties || {}), ...rest, ...properties };
            options.push(option);
        }
        return options;
    };
    return endpointRuleSetHttpAuthSchemeProvider;
};
const _defaultEventBridgeHttpAuthSchemeProvider = (authParameters) => {
    const options = [];
    switch (authParameters.operation) {
        default: {
            options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
            options.push(createAwsAuthSigv4aHttpAuthOption(authParameters));
        }
    }
    return options;
};
const defaultEventBridgeHttpAuthSchemeProvider = createEndpointRuleSetHttpAuthSchemeProvider(defaultEndpointResolver, _defaultEventBridgeHttpAuthSchemeProvider, {
    "aws.auth#sigv4": createAwsAuthSigv4HttpAuthOption,
    "aws.auth#sigv4a": createAwsAuthSigv4aHttpAuthOption,
});
const resolveHttpAuthSchemeConfig = (config) => {
    const config_0 = resolveAwsSdkSigV4Config(config);
    const config_1 = resolveAwsSdkSigV4AConfig(config_0);
    return Object.assign(config_1, {
        authSchemePreference: normalizeProvider(config.authSchemePreference ?? []),
    });
};

const resolveClientEndpointParameters = (options) => {
    return Object.assign(options, {
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        defaultSigningName: "events",
    });
};
const commonParams = {
    UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
    Endpoint: { type: "builtInParams", name: "endpoint" },
    Region: { type: "builtInParams", name: "region" },
    UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
};

var version = "3.1163.0";
var packageInfo = {
	version: version};

class EventBridgeServiceException extends ServiceException {
    static shapeId = "smithy.ts.sdk.synthetic.com.amazonaws.eventbridge#EventBridgeServiceException";
    constructor(options) {
        super(options);
        Object.setPrototypeOf(this, EventBridgeServiceException.prototype);
    }
}

class AccessDeniedException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#AccessDeniedException";
    name = "AccessDeniedException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "AccessDeniedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccessDeniedException.prototype);
    }
}
class ConcurrentModificationException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#ConcurrentModificationException";
    name = "ConcurrentModificationException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ConcurrentModificationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ConcurrentModificationException.prototype);
    }
}
class InternalException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#InternalException";
    name = "InternalException";
    $fault = "server";
    constructor(opts) {
        super({
            name: "InternalException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, InternalException.prototype);
    }
}
class InvalidStateException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#InvalidStateException";
    name = "InvalidStateException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidStateException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidStateException.prototype);
    }
}
class OperationDisabledException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#OperationDisabledException";
    name = "OperationDisabledException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "OperationDisabledException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OperationDisabledException.prototype);
    }
}
class ResourceNotFoundException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#ResourceNotFoundException";
    name = "ResourceNotFoundException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ResourceNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceNotFoundException.prototype);
    }
}
class IllegalStatusException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#IllegalStatusException";
    name = "IllegalStatusException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "IllegalStatusException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, IllegalStatusException.prototype);
    }
}
class LimitExceededException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#LimitExceededException";
    name = "LimitExceededException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "LimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, LimitExceededException.prototype);
    }
}
class ResourceAlreadyExistsException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#ResourceAlreadyExistsException";
    name = "ResourceAlreadyExistsException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ResourceAlreadyExistsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceAlreadyExistsException.prototype);
    }
}
class InvalidEventPatternException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#InvalidEventPatternException";
    name = "InvalidEventPatternException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidEventPatternException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidEventPatternException.prototype);
    }
}
class ThrottlingException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#ThrottlingException";
    name = "ThrottlingException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ThrottlingException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ThrottlingException.prototype);
    }
}
class ManagedRuleException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#ManagedRuleException";
    name = "ManagedRuleException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ManagedRuleException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ManagedRuleException.prototype);
    }
}
class PolicyLengthExceededException extends EventBridgeServiceException {
    static shapeId = "com.amazonaws.eventbridge#PolicyLengthExceededException";
    name = "PolicyLengthExceededException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "PolicyLengthExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PolicyLengthExceededException.prototype);
    }
}

const _A = "Archive";
const _AA = "ArchiveArn";
const _AD = "ApiDestination";
const _ADA = "ApiDestinationArn";
const _ADE = "AccessDeniedException";
const _ADRL = "ApiDestinationResponseList";
const _ADS = "ApiDestinationState";
const _ADp = "ApiDestinations";
const _AE = "AuthorizationEndpoint";
const _AES = "ActivateEventSource";
const _AESR = "ActivateEventSourceRequest";
const _AHPS = "AuthHeaderParametersSensitive";
const _AKAP = "ApiKeyAuthParameters";
const _AKN = "ApiKeyName";
const _AKV = "ApiKeyValue";
const _AN = "ArchiveName";
const _AP = "ArrayProperties";
const _API = "AssignPublicIp";
const _APu = "AuthParameters";
const _ARL = "ArchiveResponseList";
const _ASP = "AppSyncParameters";
const _AT = "AuthorizationType";
const _AVC = "AwsVpcConfiguration";
const _Ac = "Account";
const _Act = "Action";
const _Ar = "Arn";
const _Arc = "Archives";
const _At = "Attempts";
const _BAP = "BatchArrayProperties";
const _BAPa = "BasicAuthParameters";
const _BP = "BatchParameters";
const _BPo = "BodyParameters";
const _BRS = "BatchRetryStrategy";
const _C = "Condition";
const _CA = "ConnectionArn";
const _CAD = "CreateApiDestination";
const _CADR = "CreateApiDestinationRequest";
const _CADRr = "CreateApiDestinationResponse";
const _CAKARP = "ConnectionApiKeyAuthResponseParameters";
const _CAR = "CreateArchiveRequest";
const _CARP = "ConnectionAuthResponseParameters";
const _CARr = "CreateArchiveResponse";
const _CAr = "CreateArchive";
const _CB = "CreatedBy";
const _CBARP = "ConnectionBasicAuthResponseParameters";
const _CBP = "ConnectionBodyParameter";
const _CBPL = "ConnectionBodyParametersList";
const _CC = "CreateConnection";
const _CCAKARP = "CreateConnectionApiKeyAuthRequestParameters";
const _CCARP = "CreateConnectionAuthRequestParameters";
const _CCBARP = "CreateConnectionBasicAuthRequestParameters";
const _CCOACRP = "CreateConnectionOAuthClientRequestParameters";
const _CCOARP = "CreateConnectionOAuthRequestParameters";
const _CCR = "CreateConnectionRequest";
const _CCRr = "CreateConnectionResponse";
const _CE = "CreateEndpoint";
const _CEB = "CreateEventBus";
const _CEBR = "CreateEventBusRequest";
const _CEBRr = "CreateEventBusResponse";
const _CER = "CreateEndpointRequest";
const _CERr = "CreateEndpointResponse";
const _CHP = "ConnectionHeaderParameter";
const _CHPL = "ConnectionHeaderParametersList";
const _CHPo = "ConnectionHttpParameters";
const _CID = "ClientID";
const _CME = "ConcurrentModificationException";
const _COACRP = "ConnectionOAuthClientResponseParameters";
const _COARP = "ConnectionOAuthResponseParameters";
const _CP = "ConnectivityParameters";
const _CPES = "CreatePartnerEventSource";
const _CPESR = "CreatePartnerEventSourceRequest";
const _CPESRr = "CreatePartnerEventSourceResponse";
const _CPS = "CapacityProviderStrategy";
const _CPSI = "CapacityProviderStrategyItem";
const _CPl = "ClientParameters";
const _CQSP = "ConnectionQueryStringParameter";
const _CQSPL = "ConnectionQueryStringParametersList";
const _CR = "CancelReplay";
const _CRCA = "ConnectivityResourceConfigurationArn";
const _CRL = "ConnectionResponseList";
const _CRP = "ConnectivityResourceParameters";
const _CRR = "CancelReplayRequest";
const _CRRa = "CancelReplayResponse";
const _CS = "ConnectionState";
const _CSl = "ClientSecret";
const _CT = "CreationTime";
const _Co = "Connection";
const _Con = "Connections";
const _D = "Description";
const _DA = "DeleteArchive";
const _DAD = "DeleteApiDestination";
const _DADR = "DeleteApiDestinationRequest";
const _DADRe = "DeleteApiDestinationResponse";
const _DADRes = "DescribeApiDestinationRequest";
const _DADResc = "DescribeApiDestinationResponse";
const _DADe = "DescribeApiDestination";
const _DAR = "DeleteArchiveRequest";
const _DARe = "DeleteArchiveResponse";
const _DARes = "DescribeArchiveRequest";
const _DAResc = "DescribeArchiveResponse";
const _DAe = "DescribeArchive";
const _DC = "DeauthorizeConnection";
const _DCCP = "DescribeConnectionConnectivityParameters";
const _DCR = "DeauthorizeConnectionRequest";
const _DCRP = "DescribeConnectionResourceParameters";
const _DCRe = "DeauthorizeConnectionResponse";
const _DCRel = "DeleteConnectionRequest";
const _DCRele = "DeleteConnectionResponse";
const _DCRes = "DescribeConnectionRequest";
const _DCResc = "DescribeConnectionResponse";
const _DCe = "DeleteConnection";
const _DCes = "DescribeConnection";
const _DE = "DeleteEndpoint";
const _DEB = "DeleteEventBus";
const _DEBR = "DeleteEventBusRequest";
const _DEBRe = "DescribeEventBusRequest";
const _DEBRes = "DescribeEventBusResponse";
const _DEBe = "DescribeEventBus";
const _DER = "DeleteEndpointRequest";
const _DERe = "DeleteEndpointResponse";
const _DERes = "DescribeEndpointRequest";
const _DEResc = "DescribeEndpointResponse";
const _DES = "DeactivateEventSource";
const _DESR = "DeactivateEventSourceRequest";
const _DESRe = "DescribeEventSourceRequest";
const _DESRes = "DescribeEventSourceResponse";
const _DESe = "DescribeEventSource";
const _DEe = "DescribeEndpoint";
const _DLC = "DeadLetterConfig";
const _DPES = "DeletePartnerEventSource";
const _DPESR = "DeletePartnerEventSourceRequest";
const _DPESRe = "DescribePartnerEventSourceRequest";
const _DPESRes = "DescribePartnerEventSourceResponse";
const _DPESe = "DescribePartnerEventSource";
const _DR = "DeleteRule";
const _DRR = "DeleteRuleRequest";
const _DRRe = "DescribeReplayRequest";
const _DRRes = "DescribeReplayResponse";
const _DRResc = "DescribeRuleRequest";
const _DRRescr = "DescribeRuleResponse";
const _DRRi = "DisableRuleRequest";
const _DRe = "DescribeReplay";
const _DRes = "DescribeRule";
const _DRi = "DisableRule";
const _DT = "DetailType";
const _DU = "DbUser";
const _Da = "Database";
const _De = "Destination";
const _Det = "Detail";
const _E = "Endpoint";
const _EB = "EventBuses";
const _EBA = "EventBusArn";
const _EBL = "EventBusList";
const _EBN = "EventBusName";
const _EBv = "EventBus";
const _EC = "EventCount";
const _ECr = "ErrorCode";
const _EEB = "EndpointEventBus";
const _EEBL = "EndpointEventBusList";
const _EEC = "EnableExecuteCommand";
const _EECSMT = "EnableECSManagedTags";
const _EET = "EventEndTime";
const _EI = "EndpointId";
const _EIv = "EventId";
const _EL = "EndpointList";
const _ELRT = "EventLastReplayedTime";
const _EM = "ErrorMessage";
const _EP = "EventPattern";
const _EPc = "EcsParameters";
const _ER = "EnableRule";
const _ERR = "EnableRuleRequest";
const _ES = "EventSource";
const _ESA = "EventSourceArn";
const _ESL = "EventSourceList";
const _ESN = "EventSourceName";
const _EST = "EventStartTime";
const _ESv = "EventSources";
const _ET = "ExpirationTime";
const _EU = "EndpointUrl";
const _En = "Endpoints";
const _Ent = "Entries";
const _Ev = "Event";
const _F = "Force";
const _FA = "FilterArns";
const _FC = "FailoverConfig";
const _FE = "FailedEntries";
const _FEC = "FailedEntryCount";
const _G = "Group";
const _GQLO = "GraphQLOperation";
const _HC = "HealthCheck";
const _HM = "HttpMethod";
const _HP = "HeaderParameters";
const _HPt = "HttpParameters";
const _HR = "HomeRegion";
const _HVS = "HeaderValueSensitive";
const _I = "Ids";
const _ICP = "InvocationConnectivityParameters";
const _ID = "IncludeDetail";
const _IE = "InternalException";
const _IEPE = "InvalidEventPatternException";
const _IEn = "InvocationEndpoint";
const _IHP = "InvocationHttpParameters";
const _IP = "InputPath";
const _IPM = "InputPathsMap";
const _IRLPS = "InvocationRateLimitPerSecond";
const _ISE = "IllegalStatusException";
const _ISEn = "InvalidStateException";
const _IT = "InputTransformer";
const _ITn = "InputTemplate";
const _IVS = "IsValueSecret";
const _Id = "Id";
const _In = "Input";
const _JD = "JobDefinition";
const _JN = "JobName";
const _K = "Key";
const _KKI = "KmsKeyIdentifier";
const _KP = "KinesisParameters";
const _L = "Limit";
const _LA = "ListArchives";
const _LAD = "ListApiDestinations";
const _LADR = "ListApiDestinationsRequest";
const _LADRi = "ListApiDestinationsResponse";
const _LAR = "ListArchivesRequest";
const _LARi = "ListArchivesResponse";
const _LAT = "LastAuthorizedTime";
const _LC = "LogConfig";
const _LCR = "ListConnectionsRequest";
const _LCRi = "ListConnectionsResponse";
const _LCi = "ListConnections";
const _LE = "ListEndpoints";
const _LEB = "ListEventBuses";
const _LEBR = "ListEventBusesRequest";
const _LEBRi = "ListEventBusesResponse";
const _LEE = "LimitExceededException";
const _LER = "ListEndpointsRequest";
const _LERi = "ListEndpointsResponse";
const _LES = "ListEventSources";
const _LESR = "ListEventSourcesRequest";
const _LESRi = "ListEventSourcesResponse";
const _LMT = "LastModifiedTime";
const _LPES = "ListPartnerEventSources";
const _LPESA = "ListPartnerEventSourceAccounts";
const _LPESAR = "ListPartnerEventSourceAccountsRequest";
const _LPESARi = "ListPartnerEventSourceAccountsResponse";
const _LPESR = "ListPartnerEventSourcesRequest";
const _LPESRi = "ListPartnerEventSourcesResponse";
const _LR = "ListReplays";
const _LRNBT = "ListRuleNamesByTarget";
const _LRNBTR = "ListRuleNamesByTargetRequest";
const _LRNBTRi = "ListRuleNamesByTargetResponse";
const _LRR = "ListReplaysRequest";
const _LRRi = "ListReplaysResponse";
const _LRRis = "ListRulesRequest";
const _LRRist = "ListRulesResponse";
const _LRi = "ListRules";
const _LT = "LaunchType";
const _LTBR = "ListTargetsByRule";
const _LTBRR = "ListTargetsByRuleRequest";
const _LTBRRi = "ListTargetsByRuleResponse";
const _LTFR = "ListTagsForResource";
const _LTFRR = "ListTagsForResourceRequest";
const _LTFRRi = "ListTagsForResourceResponse";
const _Le = "Level";
const _MB = "ManagedBy";
const _MEAIS = "MaximumEventAgeInSeconds";
const _MGI = "MessageGroupId";
const _MR = "MaxResults";
const _MRA = "MaximumRetryAttempts";
const _MRE = "ManagedRuleException";
const _N = "Name";
const _NC = "NetworkConfiguration";
const _NP = "NamePrefix";
const _NT = "NextToken";
const _OAHP = "OAuthHttpParameters";
const _OAP = "OAuthParameters";
const _ODE = "OperationDisabledException";
const _P = "Password";
const _PC = "PlacementConstraints";
const _PCl = "PlacementConstraint";
const _PE = "PutEvents";
const _PER = "PutEventsRequest";
const _PERE = "PutEventsRequestEntry";
const _PEREL = "PutEventsRequestEntryList";
const _PERELu = "PutEventsResultEntryList";
const _PEREu = "PutEventsResultEntry";
const _PERu = "PutEventsResponse";
const _PES = "PartnerEventSources";
const _PESA = "PartnerEventSourceAccounts";
const _PESAL = "PartnerEventSourceAccountList";
const _PESAa = "PartnerEventSourceAccount";
const _PESL = "PartnerEventSourceList";
const _PESa = "PartnerEventSource";
const _PKP = "PartitionKeyPath";
const _PLEE = "PolicyLengthExceededException";
const _PP = "PutPermission";
const _PPE = "PutPartnerEvents";
const _PPER = "PutPartnerEventsRequest";
const _PPERE = "PutPartnerEventsRequestEntry";
const _PPEREL = "PutPartnerEventsRequestEntryList";
const _PPERELu = "PutPartnerEventsResultEntryList";
const _PPEREu = "PutPartnerEventsResultEntry";
const _PPERu = "PutPartnerEventsResponse";
const _PPL = "PipelineParameterList";
const _PPR = "PutPermissionRequest";
const _PPV = "PathParameterValues";
const _PR = "PutRule";
const _PRR = "PutRuleRequest";
const _PRRu = "PutRuleResponse";
const _PS = "PlacementStrategy";
const _PSl = "PlacementStrategies";
const _PT = "PropagateTags";
const _PTR = "PutTargetsRequest";
const _PTRE = "PutTargetsResultEntry";
const _PTREL = "PutTargetsResultEntryList";
const _PTRu = "PutTargetsResponse";
const _PTu = "PutTargets";
const _PV = "PlatformVersion";
const _Po = "Policy";
const _Pr = "Primary";
const _Pri = "Principal";
const _QSP = "QueryStringParameters";
const _QSVS = "QueryStringValueSensitive";
const _R = "Replays";
const _RA = "ReplayArn";
const _RAA = "ResourceAssociationArn";
const _RAEE = "ResourceAlreadyExistsException";
const _RAP = "RemoveAllPermissions";
const _RARN = "ResourceARN";
const _RAo = "RoleArn";
const _RAu = "RuleArn";
const _RC = "RoutingConfig";
const _RCA = "ResourceConfigurationArn";
const _RCP = "RunCommandParameters";
const _RCT = "RunCommandTargets";
const _RCTu = "RunCommandTarget";
const _RCe = "ReplicationConfig";
const _RD = "RetentionDays";
const _RDP = "RedshiftDataParameters";
const _RDe = "ReplayDestination";
const _RET = "ReplayEndTime";
const _RI = "ReferenceId";
const _RL = "ReplayList";
const _RN = "ReplayName";
const _RNFE = "ResourceNotFoundException";
const _RNu = "RuleNames";
const _RP = "ResourceParameters";
const _RPR = "RemovePermissionRequest";
const _RPe = "RetryPolicy";
const _RPem = "RemovePermission";
const _RRL = "RuleResponseList";
const _RS = "RetryStrategy";
const _RST = "ReplayStartTime";
const _RT = "RemoveTargets";
const _RTR = "RemoveTargetsRequest";
const _RTRE = "RemoveTargetsResultEntry";
const _RTREL = "RemoveTargetsResultEntryList";
const _RTRe = "RemoveTargetsResponse";
const _Re = "Resources";
const _Rep = "Replay";
const _Res = "Result";
const _Ro = "Route";
const _Ru = "Rules";
const _Rul = "Rule";
const _S = "Sql";
const _SA = "SecretArn";
const _SB = "SizeBytes";
const _SE = "ScheduleExpression";
const _SG = "SecurityGroups";
const _SI = "StatementId";
const _SMA = "SecretManagerArn";
const _SMPP = "SageMakerPipelineParameter";
const _SMPPL = "SageMakerPipelineParameterList";
const _SMPPa = "SageMakerPipelineParameters";
const _SN = "StatementName";
const _SP = "SqsParameters";
const _SR = "StateReason";
const _SRR = "StartReplayRequest";
const _SRRt = "StartReplayResponse";
const _SRt = "StartReplay";
const _SS = "SensitiveString";
const _Se = "Secondary";
const _Si = "Size";
const _So = "Source";
const _Sq = "Sqls";
const _St = "State";
const _Su = "Subnets";
const _T = "Type";
const _TA = "TargetArn";
const _TC = "TaskCount";
const _TDA = "TaskDefinitionArn";
const _TE = "ThrottlingException";
const _TEP = "TestEventPattern";
const _TEPR = "TestEventPatternRequest";
const _TEPRe = "TestEventPatternResponse";
const _TH = "TraceHeader";
const _TI = "TargetId";
const _TK = "TagKeys";
const _TL = "TagList";
const _TLa = "TargetList";
const _TR = "TagResource";
const _TRR = "TagResourceRequest";
const _TRRa = "TagResourceResponse";
const _Ta = "Tags";
const _Tag = "Tag";
const _Tar = "Targets";
const _Targ = "Target";
const _Ti = "Time";
const _U = "Username";
const _UA = "UpdateArchive";
const _UAD = "UpdateApiDestination";
const _UADR = "UpdateApiDestinationRequest";
const _UADRp = "UpdateApiDestinationResponse";
const _UAR = "UpdateArchiveRequest";
const _UARp = "UpdateArchiveResponse";
const _UC = "UpdateConnection";
const _UCAKARP = "UpdateConnectionApiKeyAuthRequestParameters";
const _UCARP = "UpdateConnectionAuthRequestParameters";
const _UCBARP = "UpdateConnectionBasicAuthRequestParameters";
const _UCOACRP = "UpdateConnectionOAuthClientRequestParameters";
const _UCOARP = "UpdateConnectionOAuthRequestParameters";
const _UCR = "UpdateConnectionRequest";
const _UCRp = "UpdateConnectionResponse";
const _UE = "UpdateEndpoint";
const _UEB = "UpdateEventBus";
const _UEBR = "UpdateEventBusRequest";
const _UEBRp = "UpdateEventBusResponse";
const _UER = "UpdateEndpointRequest";
const _UERp = "UpdateEndpointResponse";
const _UR = "UntagResource";
const _URR = "UntagResourceRequest";
const _URRn = "UntagResourceResponse";
const _V = "Value";
const _Va = "Values";
const _WE = "WithEvent";
const _aC = "awsvpcConfiguration";
const _b = "base";
const _c = "client";
const _cP = "capacityProvider";
const _e = "error";
const _ex = "expression";
const _f = "field";
const _m = "message";
const _s = "smithy.ts.sdk.synthetic.com.amazonaws.eventbridge";
const _se = "server";
const _t = "type";
const _w = "weight";
const n0 = "com.amazonaws.eventbridge";
const _s_registry = new TypeRegistry(_s);
var EventBridgeServiceException$ = [-3, _s, "EventBridgeServiceException", 0, [], []];
_s_registry.registerError(EventBridgeServiceException$, EventBridgeServiceException);
const n0_registry = new TypeRegistry(n0);
var AccessDeniedException$ = [-3, n0, _ADE,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(AccessDeniedException$, AccessDeniedException);
var ConcurrentModificationException$ = [-3, n0, _CME,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ConcurrentModificationException$, ConcurrentModificationException);
var IllegalStatusException$ = [-3, n0, _ISE,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(IllegalStatusException$, IllegalStatusException);
var InternalException$ = [-3, n0, _IE,
    { [_e]: _se },
    [_m],
    [0]
];
n0_registry.registerError(InternalException$, InternalException);
var InvalidEventPatternException$ = [-3, n0, _IEPE,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(InvalidEventPatternException$, InvalidEventPatternException);
var InvalidStateException$ = [-3, n0, _ISEn,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(InvalidStateException$, InvalidStateException);
var LimitExceededException$ = [-3, n0, _LEE,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(LimitExceededException$, LimitExceededException);
var ManagedRuleException$ = [-3, n0, _MRE,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ManagedRuleException$, ManagedRuleException);
var OperationDisabledException$ = [-3, n0, _ODE,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(OperationDisabledException$, OperationDisabledException);
var PolicyLengthExceededException$ = [-3, n0, _PLEE,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(PolicyLengthExceededException$, PolicyLengthExceededException);
var ResourceAlreadyExistsException$ = [-3, n0, _RAEE,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ResourceAlreadyExistsException$, ResourceAlreadyExistsException);
var ResourceNotFoundException$ = [-3, n0, _RNFE,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ResourceNotFoundException$, ResourceNotFoundException);
var ThrottlingException$ = [-3, n0, _TE,
    { [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ThrottlingException$, ThrottlingException);
const errorTypeRegistries = [
    _s_registry,
    n0_registry,
];
var AuthHeaderParametersSensitive = [0, n0, _AHPS, 8, 0];
var GraphQLOperation = [0, n0, _GQLO, 8, 0];
var HeaderValueSensitive = [0, n0, _HVS, 8, 0];
var QueryStringValueSensitive = [0, n0, _QSVS, 8, 0];
var SensitiveString = [0, n0, _SS, 8, 0];
var Sql = [0, n0, _S, 8, 0];
var ActivateEventSourceRequest$ = [3, n0, _AESR,
    0,
    [_N],
    [0], 1
];
var ApiDestination$ = [3, n0, _AD,
    0,
    [_ADA, _N, _ADS, _CA, _IEn, _HM, _IRLPS, _CT, _LMT],
    [0, 0, 0, 0, 0, 0, 1, 4, 4]
];
var AppSyncParameters$ = [3, n0, _ASP,
    0,
    [_GQLO],
    [[() => GraphQLOperation, 0]]
];
var Archive$ = [3, n0, _A,
    0,
    [_AN, _ESA, _St, _SR, _RD, _SB, _EC, _CT],
    [0, 0, 0, 0, 1, 1, 1, 4]
];
var AwsVpcConfiguration$ = [3, n0, _AVC,
    0,
    [_Su, _SG, _API],
    [64 | 0, 64 | 0, 0], 1
];
var BatchArrayProperties$ = [3, n0, _BAP,
    0,
    [_Si],
    [1]
];
var BatchParameters$ = [3, n0, _BP,
    0,
    [_JD, _JN, _AP, _RS],
    [0, 0, () => BatchArrayProperties$, () => BatchRetryStrategy$], 2
];
var BatchRetryStrategy$ = [3, n0, _BRS,
    0,
    [_At],
    [1]
];
var CancelReplayRequest$ = [3, n0, _CRR,
    0,
    [_RN],
    [0], 1
];
var CancelReplayResponse$ = [3, n0, _CRRa,
    0,
    [_RA, _St, _SR],
    [0, 0, 0]
];
var CapacityProviderStrategyItem$ = [3, n0, _CPSI,
    0,
    [_cP, _w, _b],
    [0, 1, 1], 1
];
var Condition$ = [3, n0, _C,
    0,
    [_T, _K, _V],
    [0, 0, 0], 3
];
var Connection$ = [3, n0, _Co,
    0,
    [_CA, _N, _CS, _SR, _AT, _CT, _LMT, _LAT],
    [0, 0, 0, 0, 0, 4, 4, 4]
];
var ConnectionApiKeyAuthResponseParameters$ = [3, n0, _CAKARP,
    0,
    [_AKN],
    [0]
];
var ConnectionAuthResponseParameters$ = [3, n0, _CARP,
    0,
    [_BAPa, _OAP, _AKAP, _IHP, _CP],
    [() => ConnectionBasicAuthResponseParameters$, [() => ConnectionOAuthResponseParameters$, 0], () => ConnectionApiKeyAuthResponseParameters$, [() => ConnectionHttpParameters$, 0], () => DescribeConnectionConnectivityParameters$]
];
var ConnectionBasicAuthResponseParameters$ = [3, n0, _CBARP,
    0,
    [_U],
    [0]
];
var ConnectionBodyParameter$ = [3, n0, _CBP,
    0,
    [_K, _V, _IVS],
    [0, [() => SensitiveString, 0], 2]
];
var ConnectionHeaderParameter$ = [3, n0, _CHP,
    0,
    [_K, _V, _IVS],
    [0, [() => HeaderValueSensitive, 0], 2]
];
var ConnectionHttpParameters$ = [3, n0, _CHPo,
    0,
    [_HP, _QSP, _BPo],
    [[() => ConnectionHeaderParametersList, 0], [() => ConnectionQueryStringParametersList, 0], [() => ConnectionBodyParametersList, 0]]
];
var ConnectionOAuthClientResponseParameters$ = [3, n0, _COACRP,
    0,
    [_CID],
    [0]
];
var ConnectionOAuthResponseParameters$ = [3, n0, _COARP,
    0,
    [_CPl, _AE, _HM, _OAHP],
    [() => ConnectionOAuthClientResponseParameters$, 0, 0, [() => ConnectionHttpParameters$, 0]]
];
var ConnectionQueryStringParameter$ = [3, n0, _CQSP,
    0,
    [_K, _V, _IVS],
    [0, [() => QueryStringValueSensitive, 0], 2]
];
var ConnectivityResourceConfigurationArn$ = [3, n0, _CRCA,
    0,
    [_RCA],
    [0], 1
];
var ConnectivityResourceParameters$ = [3, n0, _CRP,
    0,
    [_RP],
    [() => ConnectivityResourceConfigurationArn$], 1
];
var CreateApiDestinationRequest$ = [3, n0, _CADR,
    0,
    [_N, _CA, _IEn, _HM, _D, _IRLPS],
    [0, 0, 0, 0, 0, 1], 4
];
var CreateApiDestinationResponse$ = [3, n0, _CADRr,
    0,
    [_ADA, _ADS, _CT, _LMT],
    [0, 0, 4, 4]
];
var CreateArchiveRequest$ = [3, n0, _CAR,
    0,
    [_AN, _ESA, _D, _EP, _RD, _KKI],
    [0, 0, 0, 0, 1, 0], 2
];
var CreateArchiveResponse$ = [3, n0, _CARr,
    0,
    [_AA, _St, _SR, _CT],
    [0, 0, 0, 4]
];
var CreateConnectionApiKeyAuthRequestParameters$ = [3, n0, _CCAKARP,
    0,
    [_AKN, _AKV],
    [0, [() => AuthHeaderParametersSensitive, 0]], 2
];
var CreateConnectionAuthRequestParameters$ = [3, n0, _CCARP,
    0,
    [_BAPa, _OAP, _AKAP, _IHP, _CP],
    [[() => CreateConnectionBasicAuthRequestParameters$, 0], [() => CreateConnectionOAuthRequestParameters$, 0], [() => CreateConnectionApiKeyAuthRequestParameters$, 0], [() => ConnectionHttpParameters$, 0], () => ConnectivityResourceParameters$]
];
var CreateConnectionBasicAuthRequestParameters$ = [3, n0, _CCBARP,
    0,
    [_U, _P],
    [0, [() => AuthHeaderParametersSensitive, 0]], 2
];
var CreateConnectionOAuthClientRequestParameters$ = [3, n0, _CCOACRP,
    0,
    [_CID, _CSl],
    [0, [() => AuthHeaderParametersSensitive, 0]], 2
];
var CreateConnectionOAuthRequestParameters$ = [3, n0, _CCOARP,
    0,
    [_CPl, _AE, _HM, _OAHP],
    [[() => CreateConnectionOAuthClientRequestParameters$, 0], 0, 0, [() => ConnectionHttpParameters$, 0]], 3
];
var CreateConnectionRequest$ = [3, n0, _CCR,
    0,
    [_N, _AT, _APu, _D, _ICP, _KKI],
    [0, 0, [() => CreateConnectionAuthRequestParameters$, 0], 0, () => ConnectivityResourceParameters$, 0], 3
];
var CreateConnectionResponse$ = [3, n0, _CCRr,
    0,
    [_CA, _CS, _CT, _LMT],
    [0, 0, 4, 4]
];
var CreateEndpointRequest$ = [3, n0, _CER,
    0,
    [_N, _RC, _EB, _D, _RCe, _RAo],
    [0, () => RoutingConfig$, () => EndpointEventBusList, 0, () => ReplicationConfig$, 0], 3
];
var CreateEndpointResponse$ = [3, n0, _CERr,
    0,
    [_N, _Ar, _RC, _RCe, _EB, _RAo, _St],
    [0, 0, () => RoutingConfig$, () => ReplicationConfig$, () => EndpointEventBusList, 0, 0]
];
var CreateEventBusRequest$ = [3, n0, _CEBR,
    0,
    [_N, _ESN, _D, _KKI, _DLC, _LC, _Ta],
    [0, 0, 0, 0, () => DeadLetterConfig$, () => LogConfig$, () => TagList], 1
];
var CreateEventBusResponse$ = [3, n0, _CEBRr,
    0,
    [_EBA, _D, _KKI, _DLC, _LC],
    [0, 0, 0, () => DeadLetterConfig$, () => LogConfig$]
];
var CreatePartnerEventSourceRequest$ = [3, n0, _CPESR,
    0,
    [_N, _Ac],
    [0, 0], 2
];
var CreatePartnerEventSourceResponse$ = [3, n0, _CPESRr,
    0,
    [_ESA],
    [0]
];
var DeactivateEventSourceRequest$ = [3, n0, _DESR,
    0,
    [_N],
    [0], 1
];
var DeadLetterConfig$ = [3, n0, _DLC,
    0,
    [_Ar],
    [0]
];
var DeauthorizeConnectionRequest$ = [3, n0, _DCR,
    0,
    [_N],
    [0], 1
];
var DeauthorizeConnectionResponse$ = [3, n0, _DCRe,
    0,
    [_CA, _CS, _CT, _LMT, _LAT],
    [0, 0, 4, 4, 4]
];
var DeleteApiDestinationRequest$ = [3, n0, _DADR,
    0,
    [_N],
    [0], 1
];
var DeleteApiDestinationResponse$ = [3, n0, _DADRe,
    0,
    [],
    []
];
var DeleteArchiveRequest$ = [3, n0, _DAR,
    0,
    [_AN],
    [0], 1
];
var DeleteArchiveResponse$ = [3, n0, _DARe,
    0,
    [],
    []
];
var DeleteConnectionRequest$ = [3, n0, _DCRel,
    0,
    [_N],
    [0], 1
];
var DeleteConnectionResponse$ = [3, n0, _DCRele,
    0,
    [_CA, _CS, _CT, _LMT, _LAT],
    [0, 0, 4, 4, 4]
];
var DeleteEndpointRequest$ = [3, n0, _DER,
    0,
    [_N],
    [0], 1
];
var DeleteEndpointResponse$ = [3, n0, _DERe,
    0,
    [],
    []
];
var DeleteEventBusRequest$ = [3, n0, _DEBR,
    0,
    [_N],
    [0], 1
];
var DeletePartnerEventSourceRequest$ = [3, n0, _DPESR,
    0,
    [_N, _Ac],
    [0, 0], 2
];
var DeleteRuleRequest$ = [3, n0, _DRR,
    0,
    [_N, _EBN, _F],
    [0, 0, 2], 1
];
var DescribeApiDestinationRequest$ = [3, n0, _DADRes,
    0,
    [_N],
    [0], 1
];
var DescribeApiDestinationResponse$ = [3, n0, _DADResc,
    0,
    [_ADA, _N, _D, _ADS, _CA, _IEn, _HM, _IRLPS, _CT, _LMT],
    [0, 0, 0, 0, 0, 0, 0, 1, 4, 4]
];
var DescribeArchiveRequest$ = [3, n0, _DARes,
    0,
    [_AN],
    [0], 1
];
var DescribeArchiveResponse$ = [3, n0, _DAResc,
    0,
    [_AA, _AN, _ESA, _D, _EP, _St, _SR, _KKI, _RD, _SB, _EC, _CT],
    [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 4]
];
var DescribeConnectionConnectivityParameters$ = [3, n0, _DCCP,
    0,
    [_RP],
    [() => DescribeConnectionResourceParameters$], 1
];
var DescribeConnectionRequest$ = [3, n0, _DCRes,
    0,
    [_N],
    [0], 1
];
var DescribeConnectionResourceParameters$ = [3, n0, _DCRP,
    0,
    [_RCA, _RAA],
    [0, 0], 2
];
var DescribeConnectionResponse$ = [3, n0, _DCResc,
    0,
    [_CA, _N, _D, _ICP, _CS, _SR, _AT, _SA, _KKI, _APu, _CT, _LMT, _LAT],
    [0, 0, 0, () => DescribeConnectionConnectivityParameters$, 0, 0, 0, 0, 0, [() => ConnectionAuthResponseParameters$, 0], 4, 4, 4]
];
var DescribeEndpointRequest$ = [3, n0, _DERes,
    0,
    [_N, _HR],
    [0, 0], 1
];
var DescribeEndpointResponse$ = [3, n0, _DEResc,
    0,
    [_N, _D, _Ar, _RC, _RCe, _EB, _RAo, _EI, _EU, _St, _SR, _CT, _LMT],
    [0, 0, 0, () => RoutingConfig$, () => ReplicationConfig$, () => EndpointEventBusList, 0, 0, 0, 0, 0, 4, 4]
];
var DescribeEventBusRequest$ = [3, n0, _DEBRe,
    0,
    [_N],
    [0]
];
var DescribeEventBusResponse$ = [3, n0, _DEBRes,
    0,
    [_N, _Ar, _D, _KKI, _DLC, _Po, _LC, _CT, _LMT, _MB],
    [0, 0, 0, 0, () => DeadLetterConfig$, 0, () => LogConfig$, 4, 4, 0]
];
var DescribeEventSourceRequest$ = [3, n0, _DESRe,
    0,
    [_N],
    [0], 1
];
var DescribeEventSourceResponse$ = [3, n0, _DESRes,
    0,
    [_Ar, _CB, _CT, _ET, _N, _St],
    [0, 0, 4, 4, 0, 0]
];
var DescribePartnerEventSourceRequest$ = [3, n0, _DPESRe,
    0,
    [_N],
    [0], 1
];
var DescribePartnerEventSourceResponse$ = [3, n0, _DPESRes,
    0,
    [_Ar, _N],
    [0, 0]
];
var DescribeReplayRequest$ = [3, n0, _DRRe,
    0,
    [_RN],
    [0], 1
];
var DescribeReplayResponse$ = [3, n0, _DRRes,
    0,
    [_RN, _RA, _D, _St, _SR, _ESA, _De, _EST, _EET, _ELRT, _RST, _RET],
    [0, 0, 0, 0, 0, 0, () => ReplayDestination$, 4, 4, 4, 4, 4]
];
var DescribeRuleRequest$ = [3, n0, _DRResc,
    0,
    [_N, _EBN],
    [0, 0], 1
];
var DescribeRuleResponse$ = [3, n0, _DRRescr,
    0,
    [_N, _Ar, _EP, _SE, _St, _D, _RAo, _MB, _EBN, _CB],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
];
var DisableRuleRequest$ = [3, n0, _DRRi,
    0,
    [_N, _EBN],
    [0, 0], 1
];
var EcsParameters$ = [3, n0, _EPc,
    0,
    [_TDA, _TC, _LT, _NC, _PV, _G, _CPS, _EECSMT, _EEC, _PC, _PS, _PT, _RI, _Ta],
    [0, 1, 0, () => NetworkConfiguration$, 0, 0, () => CapacityProviderStrategy, 2, 2, () => PlacementConstraints, () => PlacementStrategies, 0, 0, () => TagList], 1
];
var EnableRuleRequest$ = [3, n0, _ERR,
    0,
    [_N, _EBN],
    [0, 0], 1
];
var Endpoint$ = [3, n0, _E,
    0,
    [_N, _D, _Ar, _RC, _RCe, _EB, _RAo, _EI, _EU, _St, _SR, _CT, _LMT],
    [0, 0, 0, () => RoutingConfig$, () => ReplicationConfig$, () => EndpointEventBusList, 0, 0, 0, 0, 0, 4, 4]
];
var EndpointEventBus$ = [3, n0, _EEB,
    0,
    [_EBA],
    [0], 1
];
var EventBus$ = [3, n0, _EBv,
    0,
    [_N, _Ar, _D, _Po, _CT, _LMT, _MB],
    [0, 0, 0, 0, 4, 4, 0]
];
var EventSource$ = [3, n0, _ES,
    0,
    [_Ar, _CB, _CT, _ET, _N, _St],
    [0, 0, 4, 4, 0, 0]
];
var FailoverConfig$ = [3, n0, _FC,
    0,
    [_Pr, _Se],
    [() => Primary$, () => Secondary$], 2
];
var HttpParameters$ = [3, n0, _HPt,
    0,
    [_PPV, _HP, _QSP],
    [64 | 0, 128 | 0, 128 | 0]
];
var InputTransformer$ = [3, n0, _IT,
    0,
    [_ITn, _IPM],
    [0, 128 | 0], 1
];
var KinesisParameters$ = [3, n0, _KP,
    0,
    [_PKP],
    [0], 1
];
var ListApiDestinationsRequest$ = [3, n0, _LADR,
    0,
    [_NP, _CA, _NT, _L],
    [0, 0, 0, 1]
];
var ListApiDestinationsResponse$ = [3, n0, _LADRi,
    0,
    [_ADp, _NT],
    [() => ApiDestinationResponseList, 0]
];
var ListArchivesRequest$ = [3, n0, _LAR,
    0,
    [_NP, _ESA, _St, _NT, _L],
    [0, 0, 0, 0, 1]
];
var ListArchivesResponse$ = [3, n0, _LARi,
    0,
    [_Arc, _NT],
    [() => ArchiveResponseList, 0]
];
var ListConnectionsRequest$ = [3, n0, _LCR,
    0,
    [_NP, _CS, _NT, _L],
    [0, 0, 0, 1]
];
var ListConnectionsResponse$ = [3, n0, _LCRi,
    0,
    [_Con, _NT],
    [() => ConnectionResponseList, 0]
];
var ListEndpointsRequest$ = [3, n0, _LER,
    0,
    [_NP, _HR, _NT, _MR],
    [0, 0, 0, 1]
];
var ListEndpointsResponse$ = [3, n0, _LERi,
    0,
    [_En, _NT],
    [() => EndpointList, 0]
];
var ListEventBusesRequest$ = [3, n0, _LEBR,
    0,
    [_NP, _NT, _L],
    [0, 0, 1]
];
var ListEventBusesResponse$ = [3, n0, _LEBRi,
    0,
    [_EB, _NT],
    [() => EventBusList, 0]
];
var ListEventSourcesRequest$ = [3, n0, _LESR,
    0,
    [_NP, _NT, _L],
    [0, 0, 1]
];
var ListEventSourcesResponse$ = [3, n0, _LESRi,
    0,
    [_ESv, _NT],
    [() => EventSourceList, 0]
];
var ListPartnerEventSourceAccountsRequest$ = [3, n0, _LPESAR,
    0,
    [_ESN, _NT, _L],
    [0, 0, 1], 1
];
var ListPartnerEventSourceAccountsResponse$ = [3, n0, _LPESARi,
    0,
    [_PESA, _NT],
    [() => PartnerEventSourceAccountList, 0]
];
var ListPartnerEventSourcesRequest$ = [3, n0, _LPESR,
    0,
    [_NP, _NT, _L],
    [0, 0, 1], 1
];
var ListPartnerEventSourcesResponse$ = [3, n0, _LPESRi,
    0,
    [_PES, _NT],
    [() => PartnerEventSourceList, 0]
];
var ListReplaysRequest$ = [3, n0, _LRR,
    0,
    [_NP, _St, _ESA, _NT, _L],
    [0, 0, 0, 0, 1]
];
var ListReplaysResponse$ = [3, n0, _LRRi,
    0,
    [_R, _NT],
    [() => ReplayList, 0]
];
var ListRuleNamesByTargetRequest$ = [3, n0, _LRNBTR,
    0,
    [_TA, _EBN, _NT, _L],
    [0, 0, 0, 1], 1
];
var ListRuleNamesByTargetResponse$ = [3, n0, _LRNBTRi,
    0,
    [_RNu, _NT],
    [64 | 0, 0]
];
var ListRulesRequest$ = [3, n0, _LRRis,
    0,
    [_NP, _EBN, _NT, _L],
    [0, 0, 0, 1]
];
var ListRulesResponse$ = [3, n0, _LRRist,
    0,
    [_Ru, _NT],
    [() => RuleResponseList, 0]
];
var ListTagsForResourceRequest$ = [3, n0, _LTFRR,
    0,
    [_RARN],
    [0], 1
];
var ListTagsForResourceResponse$ = [3, n0, _LTFRRi,
    0,
    [_Ta],
    [() => TagList]
];
var ListTargetsByRuleRequest$ = [3, n0, _LTBRR,
    0,
    [_Rul, _EBN, _NT, _L],
    [0, 0, 0, 1], 1
];
var ListTargetsByRuleResponse$ = [3, n0, _LTBRRi,
    0,
    [_Tar, _NT],
    [[() => TargetList, 0], 0]
];
var LogConfig$ = [3, n0, _LC,
    0,
    [_ID, _Le],
    [0, 0]
];
var NetworkConfiguration$ = [3, n0, _NC,
    0,
    [_aC],
    [() => AwsVpcConfiguration$]
];
var PartnerEventSource$ = [3, n0, _PESa,
    0,
    [_Ar, _N],
    [0, 0]
];
var PartnerEventSourceAccount$ = [3, n0, _PESAa,
    0,
    [_Ac, _CT, _ET, _St],
    [0, 4, 4, 0]
];
var PlacementConstraint$ = [3, n0, _PCl,
    0,
    [_t, _ex],
    [0, 0]
];
var PlacementStrategy$ = [3, n0, _PS,
    0,
    [_t, _f],
    [0, 0]
];
var Primary$ = [3, n0, _Pr,
    0,
    [_HC],
    [0], 1
];
var PutEventsRequest$ = [3, n0, _PER,
    0,
    [_Ent, _EI],
    [() => PutEventsRequestEntryList, 0], 1
];
var PutEventsRequestEntry$ = [3, n0, _PERE,
    0,
    [_Ti, _So, _Re, _DT, _Det, _EBN, _TH],
    [4, 0, 64 | 0, 0, 0, 0, 0]
];
var PutEventsResponse$ = [3, n0, _PERu,
    0,
    [_FEC, _Ent],
    [1, () => PutEventsResultEntryList]
];
var PutEventsResultEntry$ = [3, n0, _PEREu,
    0,
    [_EIv, _ECr, _EM],
    [0, 0, 0]
];
var PutPartnerEventsRequest$ = [3, n0, _PPER,
    0,
    [_Ent],
    [() => PutPartnerEventsRequestEntryList], 1
];
var PutPartnerEventsRequestEntry$ = [3, n0, _PPERE,
    0,
    [_Ti, _So, _Re, _DT, _Det],
    [4, 0, 64 | 0, 0, 0]
];
var PutPartnerEventsResponse$ = [3, n0, _PPERu,
    0,
    [_FEC, _Ent],
    [1, () => PutPartnerEventsResultEntryList]
];
var PutPartnerEventsResultEntry$ = [3, n0, _PPEREu,
    0,
    [_EIv, _ECr, _EM],
    [0, 0, 0]
];
var PutPermissionRequest$ = [3, n0, _PPR,
    0,
    [_EBN, _Act, _Pri, _SI, _C, _Po],
    [0, 0, 0, 0, () => Condition$, 0]
];
var PutRuleRequest$ = [3, n0, _PRR,
    0,
    [_N, _SE, _EP, _St, _D, _RAo, _Ta, _EBN],
    [0, 0, 0, 0, 0, 0, () => TagList, 0], 1
];
var PutRuleResponse$ = [3, n0, _PRRu,
    0,
    [_RAu],
    [0]
];
var PutTargetsRequest$ = [3, n0, _PTR,
    0,
    [_Rul, _Tar, _EBN],
    [0, [() => TargetList, 0], 0], 2
];
var PutTargetsResponse$ = [3, n0, _PTRu,
    0,
    [_FEC, _FE],
    [1, () => PutTargetsResultEntryList]
];
var PutTargetsResultEntry$ = [3, n0, _PTRE,
    0,
    [_TI, _ECr, _EM],
    [0, 0, 0]
];
var RedshiftDataParameters$ = [3, n0, _RDP,
    0,
    [_Da, _SMA, _DU, _S, _SN, _WE, _Sq],
    [0, 0, 0, [() => Sql, 0], 0, 2, [() => Sqls, 0]], 1
];
var RemovePermissionRequest$ = [3, n0, _RPR,
    0,
    [_SI, _RAP, _EBN],
    [0, 2, 0]
];
var RemoveTargetsRequest$ = [3, n0, _RTR,
    0,
    [_Rul, _I, _EBN, _F],
    [0, 64 | 0, 0, 2], 2
];
var RemoveTargetsResponse$ = [3, n0, _RTRe,
    0,
    [_FEC, _FE],
    [1, () => RemoveTargetsResultEntryList]
];
var RemoveTargetsResultEntry$ = [3, n0, _RTRE,
    0,
    [_TI, _ECr, _EM],
    [0, 0, 0]
];
var Replay$ = [3, n0, _Rep,
    0,
    [_RN, _ESA, _St, _SR, _EST, _EET, _ELRT, _RST, _RET],
    [0, 0, 0, 0, 4, 4, 4, 4, 4]
];
var ReplayDestination$ = [3, n0, _RDe,
    0,
    [_Ar, _FA],
    [0, 64 | 0], 1
];
var ReplicationConfig$ = [3, n0, _RCe,
    0,
    [_St],
    [0]
];
var RetryPolicy$ = [3, n0, _RPe,
    0,
    [_MRA, _MEAIS],
    [1, 1]
];
var RoutingConfig$ = [3, n0, _RC,
    0,
    [_FC],
    [() => FailoverConfig$], 1
];
var Rule$ = [3, n0, _Rul,
    0,
    [_N, _Ar, _EP, _St, _D, _SE, _RAo, _MB, _EBN],
    [0, 0, 0, 0, 0, 0, 0, 0, 0]
];
var RunCommandParameters$ = [3, n0, _RCP,
    0,
    [_RCT],
    [() => RunCommandTargets], 1
];
var RunCommandTarget$ = [3, n0, _RCTu,
    0,
    [_K, _Va],
    [0, 64 | 0], 2
];
var SageMakerPipelineParameter$ = [3, n0, _SMPP,
    0,
    [_N, _V],
    [0, 0], 2
];
var SageMakerPipelineParameters$ = [3, n0, _SMPPa,
    0,
    [_PPL],
    [() => SageMakerPipelineParameterList]
];
var Secondary$ = [3, n0, _Se,
    0,
    [_Ro],
    [0], 1
];
var SqsParameters$ = [3, n0, _SP,
    0,
    [_MGI],
    [0]
];
var StartReplayRequest$ = [3, n0, _SRR,
    0,
    [_RN, _ESA, _EST, _EET, _De, _D],
    [0, 0, 4, 4, () => ReplayDestination$, 0], 5
];
var StartReplayResponse$ = [3, n0, _SRRt,
    0,
    [_RA, _St, _SR, _RST],
    [0, 0, 0, 4]
];
var Tag$ = [3, n0, _Tag,
    0,
    [_K, _V],
    [0, 0], 2
];
var TagResourceRequest$ = [3, n0, _TRR,
    0,
    [_RARN, _Ta],
    [0, () => TagList], 2
];
var TagResourceResponse$ = [3, n0, _TRRa,
    0,
    [],
    []
];
var Target$ = [3, n0, _Targ,
    0,
    [_Id, _Ar, _RAo, _In, _IP, _IT, _KP, _RCP, _EPc, _BP, _SP, _HPt, _RDP, _SMPPa, _DLC, _RPe, _ASP],
    [0, 0, 0, 0, 0, () => InputTransformer$, () => KinesisParameters$, () => RunCommandParameters$, () => EcsParameters$, () => BatchParameters$, () => SqsParameters$, () => HttpParameters$, [() => RedshiftDataParameters$, 0], () => SageMakerPipelineParameters$, () => DeadLetterConfig$, () => RetryPolicy$, [() => AppSyncParameters$, 0]], 2
];
var TestEventPatternRequest$ = [3, n0, _TEPR,
    0,
    [_EP, _Ev],
    [0, 0], 2
];
var TestEventPatternResponse$ = [3, n0, _TEPRe,
    0,
    [_Res],
    [2]
];
var UntagResourceRequest$ = [3, n0, _URR,
    0,
    [_RARN, _TK],
    [0, 64 | 0], 2
];
var UntagResourceResponse$ = [3, n0, _URRn,
    0,
    [],
    []
];
var UpdateApiDestinationRequest$ = [3, n0, _UADR,
    0,
    [_N, _D, _CA, _IEn, _HM, _IRLPS],
    [0, 0, 0, 0, 0, 1], 1
];
var UpdateApiDestinationResponse$ = [3, n0, _UADRp,
    0,
    [_ADA, _ADS, _CT, _LMT],
    [0, 0, 4, 4]
];
var UpdateArchiveRequest$ = [3, n0, _UAR,
    0,
    [_AN, _D, _EP, _RD, _KKI],
    [0, 0, 0, 1, 0], 1
];
var UpdateArchiveResponse$ = [3, n0, _UARp,
    0,
    [_AA, _St, _SR, _CT],
    [0, 0, 0, 4]
];
var UpdateConnectionApiKeyAuthRequestParameters$ = [3, n0, _UCAKARP,
    0,
    [_AKN, _AKV],
    [0, [() => AuthHeaderParametersSensitive, 0]]
];
var UpdateConnectionAuthRequestParameters$ = [3, n0, _UCARP,
    0,
    [_BAPa, _OAP, _AKAP, _IHP, _CP],
    [[() => UpdateConnectionBasicAuthRequestParameters$, 0], [() => UpdateConnectionOAuthRequestParameters$, 0], [() => UpdateConnectionApiKeyAuthRequestParameters$, 0], [() => ConnectionHttpParameters$, 0], () => ConnectivityResourceParameters$]
];
var UpdateConnectionBasicAuthRequestParameters$ = [3, n0, _UCBARP,
    0,
    [_U, _P],
    [0, [() => AuthHeaderParametersSensitive, 0]]
];
var UpdateConnectionOAuthClientRequestParameters$ = [3, n0, _UCOACRP,
    0,
    [_CID, _CSl],
    [0, [() => AuthHeaderParametersSensitive, 0]]
];
var UpdateConnectionOAuthRequestParameters$ = [3, n0, _UCOARP,
    0,
    [_CPl, _AE, _HM, _OAHP],
    [[() => UpdateConnectionOAuthClientRequestParameters$, 0], 0, 0, [() => ConnectionHttpParameters$, 0]]
];
var UpdateConnectionRequest$ = [3, n0, _UCR,
    0,
    [_N, _D, _AT, _APu, _ICP, _KKI],
    [0, 0, 0, [() => UpdateConnectionAuthRequestParameters$, 0], () => ConnectivityResourceParameters$, 0], 1
];
var UpdateConnectionResponse$ = [3, n0, _UCRp,
    0,
    [_CA, _CS, _CT, _LMT, _LAT],
    [0, 0, 4, 4, 4]
];
var UpdateEndpointRequest$ = [3, n0, _UER,
    0,
    [_N, _D, _RC, _RCe, _EB, _RAo],
    [0, 0, () => RoutingConfig$, () => ReplicationConfig$, () => EndpointEventBusList, 0], 1
];
var UpdateEndpointResponse$ = [3, n0, _UERp,
    0,
    [_N, _Ar, _RC, _RCe, _EB, _RAo, _EI, _EU, _St],
    [0, 0, () => RoutingConfig$, () => ReplicationConfig$, () => EndpointEventBusList, 0, 0, 0, 0]
];
var UpdateEventBusRequest$ = [3, n0, _UEBR,
    0,
    [_N, _KKI, _D, _DLC, _LC],
    [0, 0, 0, () => DeadLetterConfig$, () => LogConfig$]
];
var UpdateEventBusResponse$ = [3, n0, _UEBRp,
    0,
    [_Ar, _N, _KKI, _D, _DLC, _LC],
    [0, 0, 0, 0, () => DeadLetterConfig$, () => LogConfig$]
];
var __Unit = "unit";
var ApiDestinationResponseList = [1, n0, _ADRL,
    0, () => ApiDestination$
];
var ArchiveResponseList = [1, n0, _ARL,
    0, () => Archive$
];
var CapacityProviderStrategy = [1, n0, _CPS,
    0, () => CapacityProviderStrategyItem$
];
var ConnectionBodyParametersList = [1, n0, _CBPL,
    0, [() => ConnectionBodyParameter$,
        0]
];
var ConnectionHeaderParametersList = [1, n0, _CHPL,
    0, [() => ConnectionHeaderParameter$,
        0]
];
var ConnectionQueryStringParametersList = [1, n0, _CQSPL,
    0, [() => ConnectionQueryStringParameter$,
        0]
];
var ConnectionResponseList = [1, n0, _CRL,
    0, () => Connection$
];
var EndpointEventBusList = [1, n0, _EEBL,
    0, () => EndpointEventBus$
];
var EndpointList = [1, n0, _EL,
    0, () => Endpoint$
];
var EventBusList = [1, n0, _EBL,
    0, () => EventBus$
];
var EventSourceList = [1, n0, _ESL,
    0, () => EventSource$
];
var PartnerEventSourceAccountList = [1, n0, _PESAL,
    0, () => PartnerEventSourceAccount$
];
var PartnerEventSourceList = [1, n0, _PESL,
    0, () => PartnerEventSource$
];
var PlacementConstraints = [1, n0, _PC,
    0, () => PlacementConstraint$
];
var PlacementStrategies = [1, n0, _PSl,
    0, () => PlacementStrategy$
];
var PutEventsRequestEntryList = [1, n0, _PEREL,
    0, () => PutEventsRequestEntry$
];
var PutEventsResultEntryList = [1, n0, _PERELu,
    0, () => PutEventsResultEntry$
];
var PutPartnerEventsRequestEntryList = [1, n0, _PPEREL,
    0, () => PutPartnerEventsRequestEntry$
];
var PutPartnerEventsResultEntryList = [1, n0, _PPERELu,
    0, () => PutPartnerEventsResultEntry$
];
var PutTargetsResultEntryList = [1, n0, _PTREL,
    0, () => PutTargetsResultEntry$
];
var RemoveTargetsResultEntryList = [1, n0, _RTREL,
    0, () => RemoveTargetsResultEntry$
];
var ReplayList = [1, n0, _RL,
    0, () => Replay$
];
var RuleResponseList = [1, n0, _RRL,
    0, () => Rule$
];
var RunCommandTargets = [1, n0, _RCT,
    0, () => RunCommandTarget$
];
var SageMakerPipelineParameterList = [1, n0, _SMPPL,
    0, () => SageMakerPipelineParameter$
];
var Sqls = [1, n0, _Sq,
    8, [() => Sql,
        0]
];
var TagList = [1, n0, _TL,
    0, () => Tag$
];
var TargetList = [1, n0, _TLa,
    0, [() => Target$,
        0]
];
var ActivateEventSource$ = [9, n0, _AES,
    0, () => ActivateEventSourceRequest$, () => __Unit
];
var CancelReplay$ = [9, n0, _CR,
    0, () => CancelReplayRequest$, () => CancelReplayResponse$
];
var CreateApiDestination$ = [9, n0, _CAD,
    0, () => CreateApiDestinationRequest$, () => CreateApiDestinationResponse$
];
var CreateArchive$ = [9, n0, _CAr,
    0, () => CreateArchiveRequest$, () => CreateArchiveResponse$
];
var CreateConnection$ = [9, n0, _CC,
    0, () => CreateConnectionRequest$, () => CreateConnectionResponse$
];
var CreateEndpoint$ = [9, n0, _CE,
    0, () => CreateEndpointRequest$, () => CreateEndpointResponse$
];
var CreateEventBus$ = [9, n0, _CEB,
    0, () => CreateEventBusRequest$, () => CreateEventBusResponse$
];
var CreatePartnerEventSource$ = [9, n0, _CPES,
    0, () => CreatePartnerEventSourceRequest$, () => CreatePartnerEventSourceResponse$
];
var DeactivateEventSource$ = [9, n0, _DES,
    0, () => DeactivateEventSourceRequest$, () => __Unit
];
var DeauthorizeConnection$ = [9, n0, _DC,
    0, () => DeauthorizeConnectionRequest$, () => DeauthorizeConnectionResponse$
];
var DeleteApiDestination$ = [9, n0, _DAD,
    0, () => DeleteApiDestinationRequest$, () => DeleteApiDestinationResponse$
];
var DeleteArchive$ = [9, n0, _DA,
    0, () => DeleteArchiveRequest$, () => DeleteArchiveResponse$
];
var DeleteConnection$ = [9, n0, _DCe,
    0, () => DeleteConnectionRequest$, () => DeleteConnectionResponse$
];
var DeleteEndpoint$ = [9, n0, _DE,
    0, () => DeleteEndpointRequest$, () => DeleteEndpointResponse$
];
var DeleteEventBus$ = [9, n0, _DEB,
    0, () => DeleteEventBusRequest$, () => __Unit
];
var DeletePartnerEventSource$ = [9, n0, _DPES,
    0, () => DeletePartnerEventSourceRequest$, () => __Unit
];
var DeleteRule$ = [9, n0, _DR,
    0, () => DeleteRuleRequest$, () => __Unit
];
var DescribeApiDestination$ = [9, n0, _DADe,
    0, () => DescribeApiDestinationRequest$, () => DescribeApiDestinationResponse$
];
var DescribeArchive$ = [9, n0, _DAe,
    0, () => DescribeArchiveRequest$, () => DescribeArchiveResponse$
];
var DescribeConnection$ = [9, n0, _DCes,
    0, () => DescribeConnectionRequest$, () => DescribeConnectionResponse$
];
var DescribeEndpoint$ = [9, n0, _DEe,
    0, () => DescribeEndpointRequest$, () => DescribeEndpointResponse$
];
var DescribeEventBus$ = [9, n0, _DEBe,
    0, () => DescribeEventBusRequest$, () => DescribeEventBusResponse$
];
var DescribeEventSource$ = [9, n0, _DESe,
    0, () => DescribeEventSourceRequest$, () => DescribeEventSourceResponse$
];
var DescribePartnerEventSource$ = [9, n0, _DPESe,
    0, () => DescribePartnerEventSourceRequest$, () => DescribePartnerEventSourceResponse$
];
var DescribeReplay$ = [9, n0, _DRe,
    0, () => DescribeReplayRequest$, () => DescribeReplayResponse$
];
var DescribeRule$ = [9, n0, _DRes,
    0, () => DescribeRuleRequest$, () => DescribeRuleResponse$
];
var DisableRule$ = [9, n0, _DRi,
    0, () => DisableRuleRequest$, () => __Unit
];
var EnableRule$ = [9, n0, _ER,
    0, () => EnableRuleRequest$, () => __Unit
];
var ListApiDestinations$ = [9, n0, _LAD,
    0, () => ListApiDestinationsRequest$, () => ListApiDestinationsResponse$
];
var ListArchives$ = [9, n0, _LA,
    0, () => ListArchivesRequest$, () => ListArchivesResponse$
];
var ListConnections$ = [9, n0, _LCi,
    0, () => ListConnectionsRequest$, () => ListConnectionsResponse$
];
var ListEndpoints$ = [9, n0, _LE,
    0, () => ListEndpointsRequest$, () => ListEndpointsResponse$
];
var ListEventBuses$ = [9, n0, _LEB,
    0, () => ListEventBusesRequest$, () => ListEventBusesResponse$
];
var ListEventSources$ = [9, n0, _LES,
    0, () => ListEventSourcesRequest$, () => ListEventSourcesResponse$
];
var ListPartnerEventSourceAccounts$ = [9, n0, _LPESA,
    0, () => ListPartnerEventSourceAccountsRequest$, () => ListPartnerEventSourceAccountsResponse$
];
var ListPartnerEventSources$ = [9, n0, _LPES,
    0, () => ListPartnerEventSourcesRequest$, () => ListPartnerEventSourcesResponse$
];
var ListReplays$ = [9, n0, _LR,
    0, () => ListReplaysRequest$, () => ListReplaysResponse$
];
var ListRuleNamesByTarget$ = [9, n0, _LRNBT,
    0, () => ListRuleNamesByTargetRequest$, () => ListRuleNamesByTargetResponse$
];
var ListRules$ = [9, n0, _LRi,
    0, () => ListRulesRequest$, () => ListRulesResponse$
];
var ListTagsForResource$ = [9, n0, _LTFR,
    0, () => ListTagsForResourceRequest$, () => ListTagsForResourceResponse$
];
var ListTargetsByRule$ = [9, n0, _LTBR,
    0, () => ListTargetsByRuleRequest$, () => ListTargetsByRuleResponse$
];
var PutEvents$ = [9, n0, _PE,
    0, () => PutEventsRequest$, () => PutEventsResponse$
];
var PutPartnerEvents$ = [9, n0, _PPE,
    0, () => PutPartnerEventsRequest$, () => PutPartnerEventsResponse$
];
var PutPermission$ = [9, n0, _PP,
    0, () => PutPermissionRequest$, () => __Unit
];
var PutRule$ = [9, n0, _PR,
    0, () => PutRuleRequest$, () => PutRuleResponse$
];
var PutTargets$ = [9, n0, _PTu,
    0, () => PutTargetsRequest$, () => PutTargetsResponse$
];
var RemovePermission$ = [9, n0, _RPem,
    0, () => RemovePermissionRequest$, () => __Unit
];
var RemoveTargets$ = [9, n0, _RT,
    0, () => RemoveTargetsRequest$, () => RemoveTargetsResponse$
];
var StartReplay$ = [9, n0, _SRt,
    0, () => StartReplayRequest$, () => StartReplayResponse$
];
var TagResource$ = [9, n0, _TR,
    0, () => TagResourceRequest$, () => TagResourceResponse$
];
var TestEventPattern$ = [9, n0, _TEP,
    0, () => TestEventPatternRequest$, () => TestEventPatternResponse$
];
var UntagResource$ = [9, n0, _UR,
    0, () => UntagResourceRequest$, () => UntagResourceResponse$
];
var UpdateApiDestination$ = [9, n0, _UAD,
    0, () => UpdateApiDestinationRequest$, () => UpdateApiDestinationResponse$
];
var UpdateArchive$ = [9, n0, _UA,
    0, () => UpdateArchiveRequest$, () => UpdateArchiveResponse$
];
var UpdateConnection$ = [9, n0, _UC,
    0, () => UpdateConnectionRequest$, () => UpdateConnectionResponse$
];
var UpdateEndpoint$ = [9, n0, _UE,
    0, () => UpdateEndpointRequest$, () => UpdateEndpointResponse$
];
var UpdateEventBus$ = [9, n0, _UEB,
    0, () => UpdateEventBusRequest$, () => UpdateEventBusResponse$
];

const getRuntimeConfig$1 = (config) => {
    return {
        apiVersion: "2015-10-07",
        base64Decoder: config?.base64Decoder ?? fromBase64,
        base64Encoder: config?.base64Encoder ?? toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultEventBridgeHttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
            {
                schemeId: "aws.auth#sigv4",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
                signer: new AwsSdkSigV4Signer(),
            },
            {
                schemeId: "aws.auth#sigv4a",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4a"),
                signer: new AwsSdkSigV4ASigner(),
            },
        ],
        logger: config?.logger ?? new NoOpLogger(),
        protocol: config?.protocol ?? AwsJson1_1Protocol,
        protocolSettings: config?.protocolSettings ?? {
            defaultNamespace: "com.amazonaws.eventbridge",
            errorTypeRegistries,
            xmlNamespace: "http://events.amazonaws.com/doc/2015-10-07",
            version: "2015-10-07",
            serviceTarget: "AWSEvents",
        },
        serviceId: config?.serviceId ?? "EventBridge",
        sha256: config?.sha256 ?? Sha256,
        signerConstructor: config?.signerConstructor ?? SignatureV4MultiRegion,
        urlParser: config?.urlParser ?? parseUrl,
        utf8Decoder: config?.utf8Decoder ?? fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? toUtf8,
    };
};

const getRuntimeConfig = (config) => {
    emitWarningIfUnsupportedVersion(process.version);
    const defaultsMode = resolveDefaultsModeConfig(config);
    const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
    const clientSharedValues = getRuntimeConfig$1(config);
    emitWarningIfUnsupportedVersion$1(process.version);
    const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger,
    };
    return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
        defaultSocketTimeout: getDefaultSocketTimeout(config?.requestHandler, 300_000),
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
        maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
        retryMode: config?.retryMode ??
            loadConfig({
                ...NODE_RETRY_MODE_CONFIG_OPTIONS,
                default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE,
            }, config),
        sigv4aSigningRegionSet: config?.sigv4aSigningRegionSet ?? loadConfig(NODE_SIGV4A_CONFIG_OPTIONS, loaderConfig),
        streamCollector: config?.streamCollector ?? streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
    };
};

const getHttpAuthExtensionConfiguration = (runtimeConfig) => {
    const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
    let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
    let _credentials = runtimeConfig.credentials;
    return {
        setHttpAuthScheme(httpAuthScheme) {
            const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
            if (index === -1) {
                _httpAuthSchemes.push(httpAuthScheme);
            }
            else {
                _httpAuthSchemes.splice(index, 1, httpAuthScheme);
            }
        },
        httpAuthSchemes() {
            return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
            _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
            return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
            _credentials = credentials;
        },
        credentials() {
            return _credentials;
        },
    };
};
const resolveHttpAuthRuntimeConfig = (config) => {
    return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials(),
    };
};

const resolveRuntimeExtensions = (runtimeConfig, extensions) => {
    const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
    extensions.forEach((extension) => extension.configure(extensionConfiguration));
    return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
};

class EventBridgeClient extends Client {
    config;
    constructor(...[configuration]) {
        const _config_0 = getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = resolveUserAgentConfig(_config_1);
        const _config_3 = resolveRetryConfig(_config_2);
        const _config_4 = resolveRegionConfig(_config_3);
        const _config_5 = resolveHostHeaderConfig(_config_4);
        const _config_6 = resolveEndpointConfig(_config_5);
        const _config_7 = resolveHttpAuthSchemeConfig(_config_6);
        const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
        this.config = _config_8;
        this.middlewareStack.use(getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(getUserAgentPlugin(this.config));
        this.middlewareStack.use(getRetryPlugin(this.config));
        this.middlewareStack.use(getContentLengthPlugin(this.config));
        this.middlewareStack.use(getHostHeaderPlugin(this.config));
        this.middlewareStack.use(getLoggerPlugin(this.config));
        this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
            httpAuthSchemeParametersProvider: defaultEventBridgeHttpAuthSchemeParametersProvider,
            identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
                "aws.auth#sigv4": config.credentials,
                "aws.auth#sigv4a": config.credentials,
            }),
        }));
        this.middlewareStack.use(getHttpSigningPlugin(this.config));
    }
    destroy() {
        super.destroy();
    }
}

const command = makeBuilder(commonParams, "AWSEvents", "EventBridgeClient", getEndpointPlugin);
const _ep0 = {};
const _ep1 = {
    EndpointId: { type: "contextParams", name: "EndpointId" },
};
const _mw0 = (Command, cs, config, o) => [];

class ActivateEventSourceCommand extends command(_ep0, _mw0, "ActivateEventSource", ActivateEventSource$) {
}

class CancelReplayCommand extends command(_ep0, _mw0, "CancelReplay", CancelReplay$) {
}

class CreateApiDestinationCommand extends command(_ep0, _mw0, "CreateApiDestination", CreateApiDestination$) {
}

class CreateArchiveCommand extends command(_ep0, _mw0, "CreateArchive", CreateArchive$) {
}

class CreateConnectionCommand extends command(_ep0, _mw0, "CreateConnection", CreateConnection$) {
}

class CreateEndpointCommand extends command(_ep0, _mw0, "CreateEndpoint", CreateEndpoint$) {
}

class CreateEventBusCommand extends command(_ep0, _mw0, "CreateEventBus", CreateEventBus$) {
}

class CreatePartnerEventSourceCommand extends command(_ep0, _mw0, "CreatePartnerEventSource", CreatePartnerEventSource$) {
}

class DeactivateEventSourceCommand extends command(_ep0, _mw0, "DeactivateEventSource", DeactivateEventSource$) {
}

class DeauthorizeConnectionCommand extends command(_ep0, _mw0, "DeauthorizeConnection", DeauthorizeConnection$) {
}

class DeleteApiDestinationCommand extends command(_ep0, _mw0, "DeleteApiDestination", DeleteApiDestination$) {
}

class DeleteArchiveCommand extends command(_ep0, _mw0, "DeleteArchive", DeleteArchive$) {
}

class DeleteConnectionCommand extends command(_ep0, _mw0, "DeleteConnection", DeleteConnection$) {
}

class DeleteEndpointCommand extends command(_ep0, _mw0, "DeleteEndpoint", DeleteEndpoint$) {
}

class DeleteEventBusCommand extends command(_ep0, _mw0, "DeleteEventBus", DeleteEventBus$) {
}

class DeletePartnerEventSourceCommand extends command(_ep0, _mw0, "DeletePartnerEventSource", DeletePartnerEventSource$) {
}

class DeleteRuleCommand extends command(_ep0, _mw0, "DeleteRule", DeleteRule$) {
}

class DescribeApiDestinationCommand extends command(_ep0, _mw0, "DescribeApiDestination", DescribeApiDestination$) {
}

class DescribeArchiveCommand extends command(_ep0, _mw0, "DescribeArchive", DescribeArchive$) {
}

class DescribeConnectionCommand extends command(_ep0, _mw0, "DescribeConnection", DescribeConnection$) {
}

class DescribeEndpointCommand extends command(_ep0, _mw0, "DescribeEndpoint", DescribeEndpoint$) {
}

class DescribeEventBusCommand extends command(_ep0, _mw0, "DescribeEventBus", DescribeEventBus$) {
}

class DescribeEventSourceCommand extends command(_ep0, _mw0, "DescribeEventSource", DescribeEventSource$) {
}

class DescribePartnerEventSourceCommand extends command(_ep0, _mw0, "DescribePartnerEventSource", DescribePartnerEventSource$) {
}

class DescribeReplayCommand extends command(_ep0, _mw0, "DescribeReplay", DescribeReplay$) {
}

class DescribeRuleCommand extends command(_ep0, _mw0, "DescribeRule", DescribeRule$) {
}

class DisableRuleCommand extends command(_ep0, _mw0, "DisableRule", DisableRule$) {
}

class EnableRuleCommand extends command(_ep0, _mw0, "EnableRule", EnableRule$) {
}

class ListApiDestinationsCommand extends command(_ep0, _mw0, "ListApiDestinations", ListApiDestinations$) {
}

class ListArchivesCommand extends command(_ep0, _mw0, "ListArchives", ListArchives$) {
}

class ListConnectionsCommand extends command(_ep0, _mw0, "ListConnections", ListConnections$) {
}

class ListEndpointsCommand extends command(_ep0, _mw0, "ListEndpoints", ListEndpoints$) {
}

class ListEventBusesCommand extends command(_ep0, _mw0, "ListEventBuses", ListEventBuses$) {
}

class ListEventSourcesCommand extends command(_ep0, _mw0, "ListEventSources", ListEventSources$) {
}

class ListPartnerEventSourceAccountsCommand extends command(_ep0, _mw0, "ListPartnerEventSourceAccounts", ListPartnerEventSourceAccounts$) {
}

class ListPartnerEventSourcesCommand extends command(_ep0, _mw0, "ListPartnerEventSources", ListPartnerEventSources$) {
}

class ListReplaysCommand extends command(_ep0, _mw0, "ListReplays", ListReplays$) {
}

class ListRuleNamesByTargetCommand extends command(_ep0, _mw0, "ListRuleNamesByTarget", ListRuleNamesByTarget$) {
}

class ListRulesCommand extends command(_ep0, _mw0, "ListRules", ListRules$) {
}

class ListTagsForResourceCommand extends command(_ep0, _mw0, "ListTagsForResource", ListTagsForResource$) {
}

class ListTargetsByRuleCommand extends command(_ep0, _mw0, "ListTargetsByRule", ListTargetsByRule$) {
}

class PutEventsCommand extends command(_ep1, _mw0, "PutEvents", PutEvents$) {
}

class PutPartnerEventsCommand extends command(_ep0, _mw0, "PutPartnerEvents", PutPartnerEvents$) {
}

class PutPermissionCommand extends command(_ep0, _mw0, "PutPermission", PutPermission$) {
}

class PutRuleCommand extends command(_ep0, _mw0, "PutRule", PutRule$) {
}

class PutTargetsCommand extends command(_ep0, _mw0, "PutTargets", PutTargets$) {
}

class RemovePermissionCommand extends command(_ep0, _mw0, "RemovePermission", RemovePermission$) {
}

class RemoveTargetsCommand extends command(_ep0, _mw0, "RemoveTargets", RemoveTargets$) {
}

class StartReplayCommand extends command(_ep0, _mw0, "StartReplay", StartReplay$) {
}

class TagResourceCommand extends command(_ep0, _mw0, "TagResource", TagResource$) {
}

class TestEventPatternCommand extends command(_ep0, _mw0, "TestEventPattern", TestEventPattern$) {
}

class UntagResourceCommand extends command(_ep0, _mw0, "UntagResource", UntagResource$) {
}

class UpdateApiDestinationCommand extends command(_ep0, _mw0, "UpdateApiDestination", UpdateApiDestination$) {
}

class UpdateArchiveCommand extends command(_ep0, _mw0, "UpdateArchive", UpdateArchive$) {
}

class UpdateConnectionCommand extends command(_ep0, _mw0, "UpdateConnection", UpdateConnection$) {
}

class UpdateEndpointCommand extends command(_ep0, _mw0, "UpdateEndpoint", UpdateEndpoint$) {
}

class UpdateEventBusCommand extends command(_ep0, _mw0, "UpdateEventBus", UpdateEventBus$) {
}

const commands = {
    ActivateEventSourceCommand,
    CancelReplayCommand,
    CreateApiDestinationCommand,
    CreateArchiveCommand,
    CreateConnectionCommand,
    CreateEndpointCommand,
    CreateEventBusCommand,
    CreatePartnerEventSourceCommand,
    DeactivateEventSourceCommand,
    DeauthorizeConnectionCommand,
    DeleteApiDestinationCommand,
    DeleteArchiveCommand,
    DeleteConnectionCommand,
    DeleteEndpointCommand,
    DeleteEventBusCommand,
    DeletePartnerEventSourceCommand,
    DeleteRuleCommand,
    DescribeApiDestinationCommand,
    DescribeArchiveCommand,
    DescribeConnectionCommand,
    DescribeEndpointCommand,
    DescribeEventBusCommand,
    DescribeEventSourceCommand,
    DescribePartnerEventSourceCommand,
    DescribeReplayCommand,
    DescribeRuleCommand,
    DisableRuleCommand,
    EnableRuleCommand,
    ListApiDestinationsCommand,
    ListArchivesCommand,
    ListConnectionsCommand,
    ListEndpointsCommand,
    ListEventBusesCommand,
    ListEventSourcesCommand,
    ListPartnerEventSourceAccountsCommand,
    ListPartnerEventSourcesCommand,
    ListReplaysCommand,
    ListRuleNamesByTargetCommand,
    ListRulesCommand,
    ListTagsForResourceCommand,
    ListTargetsByRuleCommand,
    PutEventsCommand,
    PutPartnerEventsCommand,
    PutPermissionCommand,
    PutRuleCommand,
    PutTargetsCommand,
    RemovePermissionCommand,
    RemoveTargetsCommand,
    StartReplayCommand,
    TagResourceCommand,
    TestEventPatternCommand,
    UntagResourceCommand,
    UpdateApiDestinationCommand,
    UpdateArchiveCommand,
    UpdateConnectionCommand,
    UpdateEndpointCommand,
    UpdateEventBusCommand,
};
class EventBridge extends EventBridgeClient {
}
createAggregatedClient(commands, EventBridge);

const ApiDestinationState = {
    ACTIVE: "ACTIVE",
    INACTIVE: "INACTIVE",
};
const ApiDestinationHttpMethod = {
    DELETE: "DELETE",
    GET: "GET",
    HEAD: "HEAD",
    OPTIONS: "OPTIONS",
    PATCH: "PATCH",
    POST: "POST",
    PUT: "PUT",
};
const ArchiveState = {
    CREATE_FAILED: "CREATE_FAILED",
    CREATING: "CREATING",
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
    UPDATE_FAILED: "UPDATE_FAILED",
    UPDATING: "UPDATING",
};
const AssignPublicIp = {
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
};
const ReplayState = {
    CANCELLED: "CANCELLED",
    CANCELLING: "CANCELLING",
    COMPLETED: "COMPLETED",
    FAILED: "FAILED",
    RUNNING: "RUNNING",
    STARTING: "STARTING",
};
const ConnectionAuthorizationType = {
    API_KEY: "API_KEY",
    BASIC: "BASIC",
    OAUTH_CLIENT_CREDENTIALS: "OAUTH_CLIENT_CREDENTIALS",
};
const ConnectionOAuthHttpMethod = {
    GET: "GET",
    POST: "POST",
    PUT: "PUT",
};
const ConnectionState = {
    ACTIVE: "ACTIVE",
    AUTHORIZED: "AUTHORIZED",
    AUTHORIZING: "AUTHORIZING",
    CREATING: "CREATING",
    DEAUTHORIZED: "DEAUTHORIZED",
    DEAUTHORIZING: "DEAUTHORIZING",
    DELETING: "DELETING",
    FAILED_CONNECTIVITY: "FAILED_CONNECTIVITY",
    UPDATING: "UPDATING",
};
const ReplicationState = {
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
};
const EndpointState = {
    ACTIVE: "ACTIVE",
    CREATE_FAILED: "CREATE_FAILED",
    CREATING: "CREATING",
    DELETE_FAILED: "DELETE_FAILED",
    DELETING: "DELETING",
    UPDATE_FAILED: "UPDATE_FAILED",
    UPDATING: "UPDATING",
};
const IncludeDetail = {
    FULL: "FULL",
    NONE: "NONE",
};
const Level = {
    ERROR: "ERROR",
    INFO: "INFO",
    OFF: "OFF",
    TRACE: "TRACE",
};
const EventSourceState = {
    ACTIVE: "ACTIVE",
    DELETED: "DELETED",
    PENDING: "PENDING",
};
const RuleState = {
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
    ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
};
const LaunchType = {
    EC2: "EC2",
    EXTERNAL: "EXTERNAL",
    FARGATE: "FARGATE",
};
const PlacementConstraintType = {
    DISTINCT_INSTANCE: "distinctInstance",
    MEMBER_OF: "memberOf",
};
const PlacementStrategyType = {
    BINPACK: "binpack",
    RANDOM: "random",
    SPREAD: "spread",
};
const PropagateTags = {
    TASK_DEFINITION: "TASK_DEFINITION",
};

__webpack_unused_export__ = AccessDeniedException;
__webpack_unused_export__ = AccessDeniedException$;
__webpack_unused_export__ = ActivateEventSource$;
__webpack_unused_export__ = ActivateEventSourceCommand;
__webpack_unused_export__ = ActivateEventSourceRequest$;
__webpack_unused_export__ = ApiDestination$;
__webpack_unused_export__ = ApiDestinationHttpMethod;
__webpack_unused_export__ = ApiDestinationState;
__webpack_unused_export__ = AppSyncParameters$;
__webpack_unused_export__ = Archive$;
__webpack_unused_export__ = ArchiveState;
__webpack_unused_export__ = AssignPublicIp;
__webpack_unused_export__ = AwsVpcConfiguration$;
__webpack_unused_export__ = BatchArrayProperties$;
__webpack_unused_export__ = BatchParameters$;
__webpack_unused_export__ = BatchRetryStrategy$;
__webpack_unused_export__ = CancelReplay$;
__webpack_unused_export__ = CancelReplayCommand;
__webpack_unused_export__ = CancelReplayRequest$;
__webpack_unused_export__ = CancelReplayResponse$;
__webpack_unused_export__ = CapacityProviderStrategyItem$;
__webpack_unused_export__ = ConcurrentModificationException;
__webpack_unused_export__ = ConcurrentModificationException$;
__webpack_unused_export__ = Condition$;
__webpack_unused_export__ = Connection$;
__webpack_unused_export__ = ConnectionApiKeyAuthResponseParameters$;
__webpack_unused_export__ = ConnectionAuthResponseParameters$;
__webpack_unused_export__ = ConnectionAuthorizationType;
__webpack_unused_export__ = ConnectionBasicAuthResponseParameters$;
__webpack_unused_export__ = ConnectionBodyParameter$;
__webpack_unused_export__ = ConnectionHeaderParameter$;
__webpack_unused_export__ = ConnectionHttpParameters$;
__webpack_unused_export__ = ConnectionOAuthClientResponseParameters$;
__webpack_unused_export__ = ConnectionOAuthHttpMethod;
__webpack_unused_export__ = ConnectionOAuthResponseParameters$;
__webpack_unused_export__ = ConnectionQueryStringParameter$;
__webpack_unused_export__ = ConnectionState;
__webpack_unused_export__ = ConnectivityResourceConfigurationArn$;
__webpack_unused_export__ = ConnectivityResourceParameters$;
__webpack_unused_export__ = CreateApiDestination$;
__webpack_unused_export__ = CreateApiDestinationCommand;
__webpack_unused_export__ = CreateApiDestinationRequest$;
__webpack_unused_export__ = CreateApiDestinationResponse$;
__webpack_unused_export__ = CreateArchive$;
__webpack_unused_export__ = CreateArchiveCommand;
__webpack_unused_export__ = CreateArchiveRequest$;
__webpack_unused_export__ = CreateArchiveResponse$;
__webpack_unused_export__ = CreateConnection$;
__webpack_unused_export__ = CreateConnectionApiKeyAuthRequestParameters$;
__webpack_unused_export__ = CreateConnectionAuthRequestParameters$;
__webpack_unused_export__ = CreateConnectionBasicAuthRequestParameters$;
__webpack_unused_export__ = CreateConnectionCommand;
__webpack_unused_export__ = CreateConnectionOAuthClientRequestParameters$;
__webpack_unused_export__ = CreateConnectionOAuthRequestParameters$;
__webpack_unused_export__ = CreateConnectionRequest$;
__webpack_unused_export__ = CreateConnectionResponse$;
__webpack_unused_export__ = CreateEndpoint$;
__webpack_unused_export__ = CreateEndpointCommand;
__webpack_unused_export__ = CreateEndpointRequest$;
__webpack_unused_export__ = CreateEndpointResponse$;
__webpack_unused_export__ = CreateEventBus$;
__webpack_unused_export__ = CreateEventBusCommand;
__webpack_unused_export__ = CreateEventBusRequest$;
__webpack_unused_export__ = CreateEventBusResponse$;
__webpack_unused_export__ = CreatePartnerEventSource$;
__webpack_unused_export__ = CreatePartnerEventSourceCommand;
__webpack_unused_export__ = CreatePartnerEventSourceRequest$;
__webpack_unused_export__ = CreatePartnerEventSourceResponse$;
__webpack_unused_export__ = DeactivateEventSource$;
__webpack_unused_export__ = DeactivateEventSourceCommand;
__webpack_unused_export__ = DeactivateEventSourceRequest$;
__webpack_unused_export__ = DeadLetterConfig$;
__webpack_unused_export__ = DeauthorizeConnection$;
__webpack_unused_export__ = DeauthorizeConnectionCommand;
__webpack_unused_export__ = DeauthorizeConnectionRequest$;
__webpack_unused_export__ = DeauthorizeConnectionResponse$;
__webpack_unused_export__ = DeleteApiDestination$;
__webpack_unused_export__ = DeleteApiDestinationCommand;
__webpack_unused_export__ = DeleteApiDestinationRequest$;
__webpack_unused_export__ = DeleteApiDestinationResponse$;
__webpack_unused_export__ = DeleteArchive$;
__webpack_unused_export__ = DeleteArchiveCommand;
__webpack_unused_export__ = DeleteArchiveRequest$;
__webpack_unused_export__ = DeleteArchiveResponse$;
__webpack_unused_export__ = DeleteConnection$;
__webpack_unused_export__ = DeleteConnectionCommand;
__webpack_unused_export__ = DeleteConnectionRequest$;
__webpack_unused_export__ = DeleteConnectionResponse$;
__webpack_unused_export__ = DeleteEndpoint$;
__webpack_unused_export__ = DeleteEndpointCommand;
__webpack_unused_export__ = DeleteEndpointRequest$;
__webpack_unused_export__ = DeleteEndpointResponse$;
__webpack_unused_export__ = DeleteEventBus$;
__webpack_unused_export__ = DeleteEventBusCommand;
__webpack_unused_export__ = DeleteEventBusRequest$;
__webpack_unused_export__ = DeletePartnerEventSource$;
__webpack_unused_export__ = DeletePartnerEventSourceCommand;
__webpack_unused_export__ = DeletePartnerEventSourceRequest$;
__webpack_unused_export__ = DeleteRule$;
__webpack_unused_export__ = DeleteRuleCommand;
__webpack_unused_export__ = DeleteRuleRequest$;
__webpack_unused_export__ = DescribeApiDestination$;
__webpack_unused_export__ = DescribeApiDestinationCommand;
__webpack_unused_export__ = DescribeApiDestinationRequest$;
__webpack_unused_export__ = DescribeApiDestinationResponse$;
__webpack_unused_export__ = DescribeArchive$;
__webpack_unused_export__ = DescribeArchiveCommand;
__webpack_unused_export__ = DescribeArchiveRequest$;
__webpack_unused_export__ = DescribeArchiveResponse$;
__webpack_unused_export__ = DescribeConnection$;
__webpack_unused_export__ = DescribeConnectionCommand;
__webpack_unused_export__ = DescribeConnectionConnectivityParameters$;
__webpack_unused_export__ = DescribeConnectionRequest$;
__webpack_unused_export__ = DescribeConnectionResourceParameters$;
__webpack_unused_export__ = DescribeConnectionResponse$;
__webpack_unused_export__ = DescribeEndpoint$;
__webpack_unused_export__ = DescribeEndpointCommand;
__webpack_unused_export__ = DescribeEndpointRequest$;
__webpack_unused_export__ = DescribeEndpointResponse$;
__webpack_unused_export__ = DescribeEventBus$;
__webpack_unused_export__ = DescribeEventBusCommand;
__webpack_unused_export__ = DescribeEventBusRequest$;
__webpack_unused_export__ = DescribeEventBusResponse$;
__webpack_unused_export__ = DescribeEventSource$;
__webpack_unused_export__ = DescribeEventSourceCommand;
__webpack_unused_export__ = DescribeEventSourceRequest$;
__webpack_unused_export__ = DescribeEventSourceResponse$;
__webpack_unused_export__ = DescribePartnerEventSource$;
__webpack_unused_export__ = DescribePartnerEventSourceCommand;
__webpack_unused_export__ = DescribePartnerEventSourceRequest$;
__webpack_unused_export__ = DescribePartnerEventSourceResponse$;
__webpack_unused_export__ = DescribeReplay$;
__webpack_unused_export__ = DescribeReplayCommand;
__webpack_unused_export__ = DescribeReplayRequest$;
__webpack_unused_export__ = DescribeReplayResponse$;
__webpack_unused_export__ = DescribeRule$;
__webpack_unused_export__ = DescribeRuleCommand;
__webpack_unused_export__ = DescribeRuleRequest$;
__webpack_unused_export__ = DescribeRuleResponse$;
__webpack_unused_export__ = DisableRule$;
__webpack_unused_export__ = DisableRuleCommand;
__webpack_unused_export__ = DisableRuleRequest$;
__webpack_unused_export__ = EcsParameters$;
__webpack_unused_export__ = EnableRule$;
__webpack_unused_export__ = EnableRuleCommand;
__webpack_unused_export__ = EnableRuleRequest$;
__webpack_unused_export__ = Endpoint$;
__webpack_unused_export__ = EndpointEventBus$;
__webpack_unused_export__ = EndpointState;
__webpack_unused_export__ = EventBridge;
exports.Ldt = EventBridgeClient;
__webpack_unused_export__ = EventBridgeServiceException;
__webpack_unused_export__ = EventBridgeServiceException$;
__webpack_unused_export__ = EventBus$;
__webpack_unused_export__ = EventSource$;
__webpack_unused_export__ = EventSourceState;
__webpack_unused_export__ = FailoverConfig$;
__webpack_unused_export__ = HttpParameters$;
__webpack_unused_export__ = IllegalStatusException;
__webpack_unused_export__ = IllegalStatusException$;
__webpack_unused_export__ = IncludeDetail;
__webpack_unused_export__ = InputTransformer$;
__webpack_unused_export__ = InternalException;
__webpack_unused_export__ = InternalException$;
__webpack_unused_export__ = InvalidEventPatternException;
__webpack_unused_export__ = InvalidEventPatternException$;
__webpack_unused_export__ = InvalidStateException;
__webpack_unused_export__ = InvalidStateException$;
__webpack_unused_export__ = KinesisParameters$;
__webpack_unused_export__ = LaunchType;
__webpack_unused_export__ = Level;
__webpack_unused_export__ = LimitExceededException;
__webpack_unused_export__ = LimitExceededException$;
__webpack_unused_export__ = ListApiDestinations$;
__webpack_unused_export__ = ListApiDestinationsCommand;
__webpack_unused_export__ = ListApiDestinationsRequest$;
__webpack_unused_export__ = ListApiDestinationsResponse$;
__webpack_unused_export__ = ListArchives$;
__webpack_unused_export__ = ListArchivesCommand;
__webpack_unused_export__ = ListArchivesRequest$;
__webpack_unused_export__ = ListArchivesResponse$;
__webpack_unused_export__ = ListConnections$;
__webpack_unused_export__ = ListConnectionsCommand;
__webpack_unused_export__ = ListConnectionsRequest$;
__webpack_unused_export__ = ListConnectionsResponse$;
__webpack_unused_export__ = ListEndpoints$;
__webpack_unused_export__ = ListEndpointsCommand;
__webpack_unused_export__ = ListEndpointsRequest$;
__webpack_unused_export__ = ListEndpointsResponse$;
__webpack_unused_export__ = ListEventBuses$;
__webpack_unused_export__ = ListEventBusesCommand;
__webpack_unused_export__ = ListEventBusesRequest$;
__webpack_unused_export__ = ListEventBusesResponse$;
__webpack_unused_export__ = ListEventSources$;
__webpack_unused_export__ = ListEventSourcesCommand;
__webpack_unused_export__ = ListEventSourcesRequest$;
__webpack_unused_export__ = ListEventSourcesResponse$;
__webpack_unused_export__ = ListPartnerEventSourceAccounts$;
__webpack_unused_export__ = ListPartnerEventSourceAccountsCommand;
__webpack_unused_export__ = ListPartnerEventSourceAccountsRequest$;
__webpack_unused_export__ = ListPartnerEventSourceAccountsResponse$;
__webpack_unused_export__ = ListPartnerEventSources$;
__webpack_unused_export__ = ListPartnerEventSourcesCommand;
__webpack_unused_export__ = ListPartnerEventSourcesRequest$;
__webpack_unused_export__ = ListPartnerEventSourcesResponse$;
__webpack_unused_export__ = ListReplays$;
__webpack_unused_export__ = ListReplaysCommand;
__webpack_unused_export__ = ListReplaysRequest$;
__webpack_unused_export__ = ListReplaysResponse$;
__webpack_unused_export__ = ListRuleNamesByTarget$;
__webpack_unused_export__ = ListRuleNamesByTargetCommand;
__webpack_unused_export__ = ListRuleNamesByTargetRequest$;
__webpack_unused_export__ = ListRuleNamesByTargetResponse$;
__webpack_unused_export__ = ListRules$;
exports.TtM = ListRulesCommand;
__webpack_unused_export__ = ListRulesRequest$;
__webpack_unused_export__ = ListRulesResponse$;
__webpack_unused_export__ = ListTagsForResource$;
__webpack_unused_export__ = ListTagsForResourceCommand;
__webpack_unused_export__ = ListTagsForResourceRequest$;
__webpack_unused_export__ = ListTagsForResourceResponse$;
__webpack_unused_export__ = ListTargetsByRule$;
exports.Hi6 = ListTargetsByRuleCommand;
__webpack_unused_export__ = ListTargetsByRuleRequest$;
__webpack_unused_export__ = ListTargetsByRuleResponse$;
__webpack_unused_export__ = LogConfig$;
__webpack_unused_export__ = ManagedRuleException;
__webpack_unused_export__ = ManagedRuleException$;
__webpack_unused_export__ = NetworkConfiguration$;
__webpack_unused_export__ = OperationDisabledException;
__webpack_unused_export__ = OperationDisabledException$;
__webpack_unused_export__ = PartnerEventSource$;
__webpack_unused_export__ = PartnerEventSourceAccount$;
__webpack_unused_export__ = PlacementConstraint$;
__webpack_unused_export__ = PlacementConstraintType;
__webpack_unused_export__ = PlacementStrategy$;
__webpack_unused_export__ = PlacementStrategyType;
__webpack_unused_export__ = PolicyLengthExceededException;
__webpack_unused_export__ = PolicyLengthExceededException$;
__webpack_unused_export__ = Primary$;
__webpack_unused_export__ = PropagateTags;
__webpack_unused_export__ = PutEvents$;
__webpack_unused_export__ = PutEventsCommand;
__webpack_unused_export__ = PutEventsRequest$;
__webpack_unused_export__ = PutEventsRequestEntry$;
__webpack_unused_export__ = PutEventsResponse$;
__webpack_unused_export__ = PutEventsResultEntry$;
__webpack_unused_export__ = PutPartnerEvents$;
__webpack_unused_export__ = PutPartnerEventsCommand;
__webpack_unused_export__ = PutPartnerEventsRequest$;
__webpack_unused_export__ = PutPartnerEventsRequestEntry$;
__webpack_unused_export__ = PutPartnerEventsResponse$;
__webpack_unused_export__ = PutPartnerEventsResultEntry$;
__webpack_unused_export__ = PutPermission$;
__webpack_unused_export__ = PutPermissionCommand;
__webpack_unused_export__ = PutPermissionRequest$;
__webpack_unused_export__ = PutRule$;
__webpack_unused_export__ = PutRuleCommand;
__webpack_unused_export__ = PutRuleRequest$;
__webpack_unused_export__ = PutRuleResponse$;
__webpack_unused_export__ = PutTargets$;
exports.Ve7 = PutTargetsCommand;
__webpack_unused_export__ = PutTargetsRequest$;
__webpack_unused_export__ = PutTargetsResponse$;
__webpack_unused_export__ = PutTargetsResultEntry$;
__webpack_unused_export__ = RedshiftDataParameters$;
__webpack_unused_export__ = RemovePermission$;
__webpack_unused_export__ = RemovePermissionCommand;
__webpack_unused_export__ = RemovePermissionRequest$;
__webpack_unused_export__ = RemoveTargets$;
__webpack_unused_export__ = RemoveTargetsCommand;
__webpack_unused_export__ = RemoveTargetsRequest$;
__webpack_unused_export__ = RemoveTargetsResponse$;
__webpack_unused_export__ = RemoveTargetsResultEntry$;
__webpack_unused_export__ = Replay$;
__webpack_unused_export__ = ReplayDestination$;
__webpack_unused_export__ = ReplayState;
__webpack_unused_export__ = ReplicationConfig$;
__webpack_unused_export__ = ReplicationState;
__webpack_unused_export__ = ResourceAlreadyExistsException;
__webpack_unused_export__ = ResourceAlreadyExistsException$;
__webpack_unused_export__ = ResourceNotFoundException;
__webpack_unused_export__ = ResourceNotFoundException$;
__webpack_unused_export__ = RetryPolicy$;
__webpack_unused_export__ = RoutingConfig$;
__webpack_unused_export__ = Rule$;
__webpack_unused_export__ = RuleState;
__webpack_unused_export__ = RunCommandParameters$;
__webpack_unused_export__ = RunCommandTarget$;
__webpack_unused_export__ = SageMakerPipelineParameter$;
__webpack_unused_export__ = SageMakerPipelineParameters$;
__webpack_unused_export__ = Secondary$;
__webpack_unused_export__ = SqsParameters$;
__webpack_unused_export__ = StartReplay$;
__webpack_unused_export__ = StartReplayCommand;
__webpack_unused_export__ = StartReplayRequest$;
__webpack_unused_export__ = StartReplayResponse$;
__webpack_unused_export__ = Tag$;
__webpack_unused_export__ = TagResource$;
__webpack_unused_export__ = TagResourceCommand;
__webpack_unused_export__ = TagResourceRequest$;
__webpack_unused_export__ = TagResourceResponse$;
__webpack_unused_export__ = Target$;
__webpack_unused_export__ = TestEventPattern$;
__webpack_unused_export__ = TestEventPatternCommand;
__webpack_unused_export__ = TestEventPatternRequest$;
__webpack_unused_export__ = TestEventPatternResponse$;
__webpack_unused_export__ = ThrottlingException;
__webpack_unused_export__ = ThrottlingException$;
__webpack_unused_export__ = UntagResource$;
__webpack_unused_export__ = UntagResourceCommand;
__webpack_unused_export__ = UntagResourceRequest$;
__webpack_unused_export__ = UntagResourceResponse$;
__webpack_unused_export__ = UpdateApiDestination$;
__webpack_unused_export__ = UpdateApiDestinationCommand;
__webpack_unused_export__ = UpdateApiDestinationRequest$;
__webpack_unused_export__ = UpdateApiDestinationResponse$;
__webpack_unused_export__ = UpdateArchive$;
__webpack_unused_export__ = UpdateArchiveCommand;
__webpack_unused_export__ = UpdateArchiveRequest$;
__webpack_unused_export__ = UpdateArchiveResponse$;
__webpack_unused_export__ = UpdateConnection$;
__webpack_unused_export__ = UpdateConnectionApiKeyAuthRequestParameters$;
__webpack_unused_export__ = UpdateConnectionAuthRequestParameters$;
__webpack_unused_export__ = UpdateConnectionBasicAuthRequestParameters$;
__webpack_unused_export__ = UpdateConnectionCommand;
__webpack_unused_export__ = UpdateConnectionOAuthClientRequestParameters$;
__webpack_unused_export__ = UpdateConnectionOAuthRequestParameters$;
__webpack_unused_export__ = UpdateConnectionRequest$;
__webpack_unused_export__ = UpdateConnectionResponse$;
__webpack_unused_export__ = UpdateEndpoint$;
__webpack_unused_export__ = UpdateEndpointCommand;
__webpack_unused_export__ = UpdateEndpointRequest$;
__webpack_unused_export__ = UpdateEndpointResponse$;
__webpack_unused_export__ = UpdateEventBus$;
__webpack_unused_export__ = UpdateEventBusCommand;
__webpack_unused_export__ = UpdateEventBusRequest$;
__webpack_unused_export__ = UpdateEventBusResponse$;
__webpack_unused_export__ = errorTypeRegistries;


/***/ }),

/***/ 5582:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var __webpack_unused_export__;
const { awsEndpointFunctions, emitWarningIfUnsupportedVersion: emitWarningIfUnsupportedVersion$1, createDefaultUserAgentProvider, getDefaultSocketTimeout, NODE_APP_ID_CONFIG_OPTIONS, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveUserAgentConfig, resolveHostHeaderConfig, getUserAgentPlugin, getHostHeaderPlugin, getLoggerPlugin, getRecursionDetectionPlugin } = __webpack_require__(7085);
const { getHttpAuthSchemeEndpointRuleSetPlugin, DefaultIdentityProviderConfig, getHttpSigningPlugin, createPaginator } = __webpack_require__(8900);
const { normalizeProvider, getSmithyContext, ServiceException, NoOpLogger, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, getDefaultExtensionConfiguration, resolveDefaultRuntimeConfig, Client, makeBuilder, createAggregatedClient } = __webpack_require__(2764);
const { Command: $Command } = __webpack_require__(2764);
__webpack_unused_export__ = $Command;
__webpack_unused_export__ = Client;
const { resolveDefaultsModeConfig, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS, resolveRegionConfig } = __webpack_require__(817);
const { BinaryDecisionDiagram, EndpointCache, decideEndpoint, customEndpointFunctions, resolveEndpointConfig, getEndpointPlugin } = __webpack_require__(5091);
const { parseUrl, getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig, getContentLengthPlugin } = __webpack_require__(2884);
const { DEFAULT_RETRY_MODE, NODE_RETRY_MODE_CONFIG_OPTIONS, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, resolveRetryConfig, getRetryPlugin } = __webpack_require__(4919);
const { TypeRegistry, getSchemaSerdePlugin } = __webpack_require__(6908);
const { resolveAwsSdkSigV4Config, AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } = __webpack_require__(7952);
const { defaultProvider } = __webpack_require__(3081);
const { toUtf8, fromUtf8, toBase64, fromBase64, calculateBodyLength } = __webpack_require__(7980);
const { streamCollector, NodeHttpHandler } = __webpack_require__(5830);
const { AwsRestJsonProtocol } = __webpack_require__(7139);
const { Sha256 } = __webpack_require__(4864);

const defaultSchedulerHttpAuthSchemeParametersProvider = async (config, context, input) => {
    return {
        operation: getSmithyContext(context).operation,
        region: await normalizeProvider(config.region)() || (() => {
            throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })(),
    };
};
function createAwsAuthSigv4HttpAuthOption(authParameters) {
    return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
            name: "scheduler",
            region: authParameters.region,
        },
        propertiesExtractor: (config, context) => ({
            signingProperties: {
                config,
                context,
            },
        }),
    };
}
const defaultSchedulerHttpAuthSchemeProvider = (authParameters) => {
    const options = [];
    switch (authParameters.operation) {
        default: {
            options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
        }
    }
    return options;
};
const resolveHttpAuthSchemeConfig = (config) => {
    const config_0 = resolveAwsSdkSigV4Config(config);
    return Object.assign(config_0, {
        authSchemePreference: normalizeProvider(config.authSchemePreference ?? []),
    });
};

const resolveClientEndpointParameters = (options) => {
    return Object.assign(options, {
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        defaultSigningName: "scheduler",
    });
};
const commonParams = {
    UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
    Endpoint: { type: "builtInParams", name: "endpoint" },
    Region: { type: "builtInParams", name: "region" },
    UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
};

var version = "3.1163.0";
var packageInfo = {
	version: version};

const k = "ref";
const a = -1, b = true, c = "isSet", d = "PartitionResult", e = "booleanEquals", f = "getAttr", g = { [k]: "Endpoint" }, h = { [k]: d }, i = {}, j = [{ [k]: "Region" }];
const _data = {
    conditions: [
        [c, [g]],
        [c, j],
        ["aws.partition", j, d],
        [e, [{ [k]: "UseFIPS" }, b]],
        [e, [{ [k]: "UseDualStack" }, b]],
        [e, [{ fn: f, argv: [h, "supportsDualStack"] }, b]],
        [e, [{ fn: f, argv: [h, "supportsFIPS"] }, b]]
    ],
    results: [
        [a],
        [a, "Invalid Configuration: FIPS and custom endpoint are not supported"],
        [a, "Invalid Configuration: Dualstack and custom endpoint are not supported"],
        [g, i],
        ["https://scheduler-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "FIPS and DualStack are enabled, but this partition does not support one or both"],
        ["https://scheduler-fips.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "FIPS is enabled but this partition does not support FIPS"],
        ["https://scheduler.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "DualStack is enabled but this partition does not support DualStack"],
        ["https://scheduler.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "Invalid Configuration: Missing Region"]
    ]
};
const root = 2;
const r = 100_000_000;
const nodes = new Int32Array([
    -1, 1, -1,
    0, 12, 3,
    1, 4, r + 11,
    2, 5, r + 11,
    3, 8, 6,
    4, 7, r + 10,
    5, r + 8, r + 9,
    4, 10, 9,
    6, r + 6, r + 7,
    5, 11, r + 5,
    6, r + 4, r + 5,
    3, r + 1, 13,
    4, r + 2, r + 3,
]);
const bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);

const cache = new EndpointCache({
    size: 50,
    params: ["Endpoint", "Region", "UseDualStack", "UseFIPS"],
});
const defaultEndpointResolver = (endpointParams, context = {}) => {
    return cache.get(endpointParams, () => decideEndpoint(bdd, {
        endpointParams: endpointParams,
        logger: context.logger,
    }));
};
customEndpointFunctions.aws = awsEndpointFunctions;

class SchedulerServiceException extends ServiceException {
    static shapeId = "smithy.ts.sdk.synthetic.com.amazonaws.scheduler#SchedulerServiceException";
    constructor(options) {
        super(options);
        Object.setPrototypeOf(this, SchedulerServiceException.prototype);
    }
}

class InternalServerException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#InternalServerException";
    name = "InternalServerException";
    $fault = "server";
    Message;
    constructor(opts) {
        super({
            name: "InternalServerException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, InternalServerException.prototype);
        this.Message = opts.Message;
    }
}
class ResourceNotFoundException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#ResourceNotFoundException";
    name = "ResourceNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourceNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class ThrottlingException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#ThrottlingException";
    name = "ThrottlingException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ThrottlingException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ThrottlingException.prototype);
        this.Message = opts.Message;
    }
}
class ValidationException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#ValidationException";
    name = "ValidationException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ValidationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ValidationException.prototype);
        this.Message = opts.Message;
    }
}
class ConflictException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#ConflictException";
    name = "ConflictException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ConflictException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ConflictException.prototype);
        this.Message = opts.Message;
    }
}
class ServiceQuotaExceededException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#ServiceQuotaExceededException";
    name = "ServiceQuotaExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ServiceQuotaExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceQuotaExceededException.prototype);
        this.Message = opts.Message;
    }
}

const _A = "Arn";
const _AAC = "ActionAfterCompletion";
const _API = "AssignPublicIp";
const _AVC = "AwsVpcConfiguration";
const _CD = "CreationDate";
const _CE = "ConflictException";
const _CPS = "CapacityProviderStrategy";
const _CPSI = "CapacityProviderStrategyItem";
const _CS = "CreateSchedule";
const _CSG = "CreateScheduleGroup";
const _CSGI = "CreateScheduleGroupInput";
const _CSGO = "CreateScheduleGroupOutput";
const _CSI = "CreateScheduleInput";
const _CSO = "CreateScheduleOutput";
const _CT = "ClientToken";
const _D = "Description";
const _DLC = "DeadLetterConfig";
const _DS = "DeleteSchedule";
const _DSG = "DeleteScheduleGroup";
const _DSGI = "DeleteScheduleGroupInput";
const _DSGO = "DeleteScheduleGroupOutput";
const _DSI = "DeleteScheduleInput";
const _DSO = "DeleteScheduleOutput";
const _DT = "DetailType";
const _EBP = "EventBridgeParameters";
const _ED = "EndDate";
const _EEC = "EnableExecuteCommand";
const _EECSMT = "EnableECSManagedTags";
const _EP = "EcsParameters";
const _FTW = "FlexibleTimeWindow";
const _G = "Group";
const _GN = "GroupName";
const _GS = "GetSchedule";
const _GSG = "GetScheduleGroup";
const _GSGI = "GetScheduleGroupInput";
const _GSGO = "GetScheduleGroupOutput";
const _GSI = "GetScheduleInput";
const _GSO = "GetScheduleOutput";
const _I = "Input";
const _ISE = "InternalServerException";
const _K = "Key";
const _KKA = "KmsKeyArn";
const _KP = "KinesisParameters";
const _LMD = "LastModificationDate";
const _LS = "ListSchedules";
const _LSG = "ListScheduleGroups";
const _LSGI = "ListScheduleGroupsInput";
const _LSGO = "ListScheduleGroupsOutput";
const _LSI = "ListSchedulesInput";
const _LSO = "ListSchedulesOutput";
const _LT = "LaunchType";
const _LTFR = "ListTagsForResource";
const _LTFRI = "ListTagsForResourceInput";
const _LTFRO = "ListTagsForResourceOutput";
const _M = "Message";
const _MEAIS = "MaximumEventAgeInSeconds";
const _MGI = "MessageGroupId";
const _MR = "MaxResults";
const _MRA = "MaximumRetryAttempts";
const _MWIM = "MaximumWindowInMinutes";
const _Mo = "Mode";
const _N = "Name";
const _NC = "NetworkConfiguration";
const _NP = "NamePrefix";
const _NT = "NextToken";
const _PC = "PlacementConstraints";
const _PCl = "PlacementConstraint";
const _PK = "PartitionKey";
const _PPL = "PipelineParameterList";
const _PS = "PlacementStrategy";
const _PSl = "PlacementStrategies";
const _PT = "PropagateTags";
const _PV = "PlatformVersion";
const _RA = "ResourceArn";
const _RAo = "RoleArn";
const _RI = "ReferenceId";
const _RNFE = "ResourceNotFoundException";
const _RP = "RetryPolicy";
const _S = "Subnets";
const _SA = "ScheduleArn";
const _SD = "StartDate";
const _SE = "ScheduleExpression";
const _SET = "ScheduleExpressionTimezone";
const _SG = "SecurityGroups";
const _SGA = "ScheduleGroupArn";
const _SGL = "ScheduleGroupList";
const _SGS = "ScheduleGroupSummary";
const _SGc = "ScheduleGroups";
const _SGch = "ScheduleGroup";
const _SL = "ScheduleList";
const _SMPP = "SageMakerPipelineParameter";
const _SMPPL = "SageMakerPipelineParameterList";
const _SMPPa = "SageMakerPipelineParameters";
const _SP = "SqsParameters";
const _SQEE = "ServiceQuotaExceededException";
const _SS = "ScheduleSummary";
const _Sc = "Schedules";
const _So = "Source";
const _St = "State";
const _T = "Tags";
const _TC = "TaskCount";
const _TDA = "TaskDefinitionArn";
const _TE = "ThrottlingException";
const _TK = "TagKeys";
const _TL = "TagList";
const _TR = "TagResource";
const _TRI = "TagResourceInput";
const _TRO = "TagResourceOutput";
const _TS = "TargetSummary";
const _Ta = "Target";
const _Tag = "Tag";
const _UR = "UntagResource";
const _URI = "UntagResourceInput";
const _URO = "UntagResourceOutput";
const _US = "UpdateSchedule";
const _USI = "UpdateScheduleInput";
const _USO = "UpdateScheduleOutput";
const _V = "Value";
const _VE = "ValidationException";
const _aC = "awsvpcConfiguration";
const _b = "base";
const _c = "client";
const _cP = "capacityProvider";
const _cT = "clientToken";
const _e = "error";
const _ex = "expression";
const _f = "field";
const _gN = "groupName";
const _h = "http";
const _hE = "httpError";
const _hQ = "httpQuery";
const _iT = "idempotencyToken";
const _s = "smithy.ts.sdk.synthetic.com.amazonaws.scheduler";
const _se = "server";
const _t = "type";
const _w = "weight";
const n0 = "com.amazonaws.scheduler";
const _s_registry = new TypeRegistry(_s);
var SchedulerServiceException$ = [-3, _s, "SchedulerServiceException", 0, [], []];
_s_registry.registerError(SchedulerServiceException$, SchedulerServiceException);
const n0_registry = new TypeRegistry(n0);
var ConflictException$ = [-3, n0, _CE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0], 1
];
n0_registry.registerError(ConflictException$, ConflictException);
var InternalServerException$ = [-3, n0, _ISE,
    { [_e]: _se, [_hE]: 500 },
    [_M],
    [0], 1
];
n0_registry.registerError(InternalServerException$, InternalServerException);
var ResourceNotFoundException$ = [-3, n0, _RNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0], 1
];
n0_registry.registerError(ResourceNotFoundException$, ResourceNotFoundException);
var ServiceQuotaExceededException$ = [-3, n0, _SQEE,
    { [_e]: _c, [_hE]: 402 },
    [_M],
    [0], 1
];
n0_registry.registerError(ServiceQuotaExceededException$, ServiceQuotaExceededException);
var ThrottlingException$ = [-3, n0, _TE,
    { [_e]: _c, [_hE]: 429 },
    [_M],
    [0], 1
];
n0_registry.registerError(ThrottlingException$, ThrottlingException);
var ValidationException$ = [-3, n0, _VE,
    { [_e]: _c, [_hE]: 400 },
    [_M],
    [0], 1
];
n0_registry.registerError(ValidationException$, ValidationException);
const errorTypeRegistries = [
    _s_registry,
    n0_registry,
];
var AwsVpcConfiguration$ = [3, n0, _AVC,
    0,
    [_S, _SG, _API],
    [64 | 0, 64 | 0, 0], 1
];
var CapacityProviderStrategyItem$ = [3, n0, _CPSI,
    0,
    [_cP, _w, _b],
    [0, 1, 1], 1
];
var CreateScheduleGroupInput$ = [3, n0, _CSGI,
    0,
    [_N, _T, _CT],
    [[0, 1], () => TagList, [0, 4]], 1
];
var CreateScheduleGroupOutput$ = [3, n0, _CSGO,
    0,
    [_SGA],
    [0], 1
];
var CreateScheduleInput$ = [3, n0, _CSI,
    0,
    [_N, _SE, _Ta, _FTW, _GN, _SD, _ED, _D, _SET, _St, _KKA, _CT, _AAC],
    [[0, 1], 0, () => Target$, () => FlexibleTimeWindow$, 0, 4, 4, 0, 0, 0, 0, [0, 4], 0], 4
];
var CreateScheduleOutput$ = [3, n0, _CSO,
    0,
    [_SA],
    [0], 1
];
var DeadLetterConfig$ = [3, n0, _DLC,
    0,
    [_A],
    [0]
];
var DeleteScheduleGroupInput$ = [3, n0, _DSGI,
    0,
    [_N, _CT],
    [[0, 1], [0, { [_hQ]: _cT, [_iT]: 1 }]], 1
];
var DeleteScheduleGroupOutput$ = [3, n0, _DSGO,
    0,
    [],
    []
];
var DeleteScheduleInput$ = [3, n0, _DSI,
    0,
    [_N, _GN, _CT],
    [[0, 1], [0, { [_hQ]: _gN }], [0, { [_hQ]: _cT, [_iT]: 1 }]], 1
];
var DeleteScheduleOutput$ = [3, n0, _DSO,
    0,
    [],
    []
];
var EcsParameters$ = [3, n0, _EP,
    0,
    [_TDA, _TC, _LT, _NC, _PV, _G, _CPS, _EECSMT, _EEC, _PC, _PS, _PT, _RI, _T],
    [0, 1, 0, () => NetworkConfiguration$, 0, 0, () => CapacityProviderStrategy, 2, 2, () => PlacementConstraints, () => PlacementStrategies, 0, 0, [1, n0, _T, 0, 128 | 0]], 1
];
var EventBridgeParameters$ = [3, n0, _EBP,
    0,
    [_DT, _So],
    [0, 0], 2
];
var FlexibleTimeWindow$ = [3, n0, _FTW,
    0,
    [_Mo, _MWIM],
    [0, 1], 1
];
var GetScheduleGroupInput$ = [3, n0, _GSGI,
    0,
    [_N],
    [[0, 1]], 1
];
var GetScheduleGroupOutput$ = [3, n0, _GSGO,
    0,
    [_A, _N, _St, _CD, _LMD],
    [0, 0, 0, 4, 4]
];
var GetScheduleInput$ = [3, n0, _GSI,
    0,
    [_N, _GN],
    [[0, 1], [0, { [_hQ]: _gN }]], 1
];
var GetScheduleOutput$ = [3, n0, _GSO,
    0,
    [_A, _GN, _N, _SE, _SD, _ED, _D, _SET, _St, _CD, _LMD, _KKA, _Ta, _FTW, _AAC],
    [0, 0, 0, 0, 4, 4, 0, 0, 0, 4, 4, 0, () => Target$, () => FlexibleTimeWindow$, 0]
];
var KinesisParameters$ = [3, n0, _KP,
    0,
    [_PK],
    [0], 1
];
var ListScheduleGroupsInput$ = [3, n0, _LSGI,
    0,
    [_NP, _NT, _MR],
    [[0, { [_hQ]: _NP }], [0, { [_hQ]: _NT }], [1, { [_hQ]: _MR }]]
];
var ListScheduleGroupsOutput$ = [3, n0, _LSGO,
    0,
    [_SGc, _NT],
    [() => ScheduleGroupList, 0], 1
];
var ListSchedulesInput$ = [3, n0, _LSI,
    0,
    [_GN, _NP, _St, _NT, _MR],
    [[0, { [_hQ]: _SGch }], [0, { [_hQ]: _NP }], [0, { [_hQ]: _St }], [0, { [_hQ]: _NT }], [1, { [_hQ]: _MR }]]
];
var ListSchedulesOutput$ = [3, n0, _LSO,
    0,
    [_Sc, _NT],
    [() => ScheduleList, 0], 1
];
var ListTagsForResourceInput$ = [3, n0, _LTFRI,
    0,
    [_RA],
    [[0, 1]], 1
];
var ListTagsForResourceOutput$ = [3, n0, _LTFRO,
    0,
    [_T],
    [() => TagList]
];
var NetworkConfiguration$ = [3, n0, _NC,
    0,
    [_aC],
    [() => AwsVpcConfiguration$]
];
var PlacementConstraint$ = [3, n0, _PCl,
    0,
    [_t, _ex],
    [0, 0]
];
var PlacementStrategy$ = [3, n0, _PS,
    0,
    [_t, _f],
    [0, 0]
];
var RetryPolicy$ = [3, n0, _RP,
    0,
    [_MEAIS, _MRA],
    [1, 1]
];
var SageMakerPipelineParameter$ = [3, n0, _SMPP,
    0,
    [_N, _V],
    [0, 0], 2
];
var SageMakerPipelineParameters$ = [3, n0, _SMPPa,
    0,
    [_PPL],
    [() => SageMakerPipelineParameterList]
];
var ScheduleGroupSummary$ = [3, n0, _SGS,
    0,
    [_A, _N, _St, _CD, _LMD],
    [0, 0, 0, 4, 4]
];
var ScheduleSummary$ = [3, n0, _SS,
    0,
    [_A, _N, _GN, _St, _CD, _LMD, _Ta],
    [0, 0, 0, 0, 4, 4, () => TargetSummary$]
];
var SqsParameters$ = [3, n0, _SP,
    0,
    [_MGI],
    [0]
];
var Tag$ = [3, n0, _Tag,
    0,
    [_K, _V],
    [0, 0], 2
];
var TagResourceInput$ = [3, n0, _TRI,
    0,
    [_RA, _T],
    [[0, 1], () => TagList], 2
];
var TagResourceOutput$ = [3, n0, _TRO,
    0,
    [],
    []
];
var Target$ = [3, n0, _Ta,
    0,
    [_A, _RAo, _DLC, _RP, _I, _EP, _EBP, _KP, _SMPPa, _SP],
    [0, 0, () => DeadLetterConfig$, () => RetryPolicy$, 0, () => EcsParameters$, () => EventBridgeParameters$, () => KinesisParameters$, () => SageMakerPipelineParameters$, () => SqsParameters$], 2
];
var TargetSummary$ = [3, n0, _TS,
    0,
    [_A],
    [0], 1
];
var UntagResourceInput$ = [3, n0, _URI,
    0,
    [_RA, _TK],
    [[0, 1], [64 | 0, { [_hQ]: _TK }]], 2
];
var UntagResourceOutput$ = [3, n0, _URO,
    0,
    [],
    []
];
var UpdateScheduleInput$ = [3, n0, _USI,
    0,
    [_N, _SE, _Ta, _FTW, _GN, _SD, _ED, _D, _SET, _St, _KKA, _CT, _AAC],
    [[0, 1], 0, () => Target$, () => FlexibleTimeWindow$, 0, 4, 4, 0, 0, 0, 0, [0, 4], 0], 4
];
var UpdateScheduleOutput$ = [3, n0, _USO,
    0,
    [_SA],
    [0], 1
];
var CapacityProviderStrategy = [1, n0, _CPS,
    0, () => CapacityProviderStrategyItem$
];
var PlacementConstraints = [1, n0, _PC,
    0, () => PlacementConstraint$
];
var PlacementStrategies = [1, n0, _PSl,
    0, () => PlacementStrategy$
];
var SageMakerPipelineParameterList = [1, n0, _SMPPL,
    0, () => SageMakerPipelineParameter$
];
var ScheduleGroupList = [1, n0, _SGL,
    0, () => ScheduleGroupSummary$
];
var ScheduleList = [1, n0, _SL,
    0, () => ScheduleSummary$
];
var TagList = [1, n0, _TL,
    0, () => Tag$
];
var CreateSchedule$ = [9, n0, _CS,
    { [_h]: ["POST", "/schedules/{Name}", 200] }, () => CreateScheduleInput$, () => CreateScheduleOutput$
];
var CreateScheduleGroup$ = [9, n0, _CSG,
    { [_h]: ["POST", "/schedule-groups/{Name}", 200] }, () => CreateScheduleGroupInput$, () => CreateScheduleGroupOutput$
];
var DeleteSchedule$ = [9, n0, _DS,
    { [_h]: ["DELETE", "/schedules/{Name}", 200] }, () => DeleteScheduleInput$, () => DeleteScheduleOutput$
];
var DeleteScheduleGroup$ = [9, n0, _DSG,
    { [_h]: ["DELETE", "/schedule-groups/{Name}", 200] }, () => DeleteScheduleGroupInput$, () => DeleteScheduleGroupOutput$
];
var GetSchedule$ = [9, n0, _GS,
    { [_h]: ["GET", "/schedules/{Name}", 200] }, () => GetScheduleInput$, () => GetScheduleOutput$
];
var GetScheduleGroup$ = [9, n0, _GSG,
    { [_h]: ["GET", "/schedule-groups/{Name}", 200] }, () => GetScheduleGroupInput$, () => GetScheduleGroupOutput$
];
var ListScheduleGroups$ = [9, n0, _LSG,
    { [_h]: ["GET", "/schedule-groups", 200] }, () => ListScheduleGroupsInput$, () => ListScheduleGroupsOutput$
];
var ListSchedules$ = [9, n0, _LS,
    { [_h]: ["GET", "/schedules", 200] }, () => ListSchedulesInput$, () => ListSchedulesOutput$
];
var ListTagsForResource$ = [9, n0, _LTFR,
    { [_h]: ["GET", "/tags/{ResourceArn}", 200] }, () => ListTagsForResourceInput$, () => ListTagsForResourceOutput$
];
var TagResource$ = [9, n0, _TR,
    { [_h]: ["POST", "/tags/{ResourceArn}", 200] }, () => TagResourceInput$, () => TagResourceOutput$
];
var UntagResource$ = [9, n0, _UR,
    { [_h]: ["DELETE", "/tags/{ResourceArn}", 200] }, () => UntagResourceInput$, () => UntagResourceOutput$
];
var UpdateSchedule$ = [9, n0, _US,
    { [_h]: ["PUT", "/schedules/{Name}", 200] }, () => UpdateScheduleInput$, () => UpdateScheduleOutput$
];

const getRuntimeConfig$1 = (config) => {
    return {
        apiVersion: "2021-06-30",
        base64Decoder: config?.base64Decoder ?? fromBase64,
        base64Encoder: config?.base64Encoder ?? toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultSchedulerHttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
            {
                schemeId: "aws.auth#sigv4",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
                signer: new AwsSdkSigV4Signer(),
            },
        ],
        logger: config?.logger ?? new NoOpLogger(),
        protocol: config?.protocol ?? AwsRestJsonProtocol,
        protocolSettings: config?.protocolSettings ?? {
            defaultNamespace: "com.amazonaws.scheduler",
            errorTypeRegistries,
            version: "2021-06-30",
            serviceTarget: "AWSChronosService",
        },
        serviceId: config?.serviceId ?? "Scheduler",
        sha256: config?.sha256 ?? Sha256,
        urlParser: config?.urlParser ?? parseUrl,
        utf8Decoder: config?.utf8Decoder ?? fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? toUtf8,
    };
};

const getRuntimeConfig = (config) => {
    emitWarningIfUnsupportedVersion(process.version);
    const defaultsMode = resolveDefaultsModeConfig(config);
    const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
    const clientSharedValues = getRuntimeConfig$1(config);
    emitWarningIfUnsupportedVersion$1(process.version);
    const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger,
    };
    return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
        defaultSocketTimeout: getDefaultSocketTimeout(config?.requestHandler, 300_000),
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
        maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
        retryMode: config?.retryMode ??
            loadConfig({
                ...NODE_RETRY_MODE_CONFIG_OPTIONS,
                default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE,
            }, config),
        streamCollector: config?.streamCollector ?? streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
    };
};

const getHttpAuthExtensionConfiguration = (runtimeConfig) => {
    const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
    let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
    let _credentials = runtimeConfig.credentials;
    return {
        setHttpAuthScheme(httpAuthScheme) {
            const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
            if (index === -1) {
                _httpAuthSchemes.push(httpAuthScheme);
            }
            else {
                _httpAuthSchemes.splice(index, 1, httpAuthScheme);
            }
        },
        httpAuthSchemes() {
            return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
            _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
            return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
            _credentials = credentials;
        },
        credentials() {
            return _credentials;
        },
    };
};
const resolveHttpAuthRuntimeConfig = (config) => {
    return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials(),
    };
};

const resolveRuntimeExtensions = (runtimeConfig, extensions) => {
    const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
    extensions.forEach((extension) => extension.configure(extensionConfiguration));
    return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
};

class SchedulerClient extends Client {
    config;
    constructor(...[configuration]) {
        const _config_0 = getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = resolveUserAgentConfig(_config_1);
        const _config_3 = resolveRetryConfig(_config_2);
        const _config_4 = resolveRegionConfig(_config_3);
        const _config_5 = resolveHostHeaderConfig(_config_4);
        const _config_6 = resolveEndpointConfig(_config_5);
        const _config_7 = resolveHttpAuthSchemeConfig(_config_6);
        const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
        this.config = _config_8;
        this.middlewareStack.use(getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(getUserAgentPlugin(this.config));
        this.middlewareStack.use(getRetryPlugin(this.config));
        this.middlewareStack.use(getContentLengthPlugin(this.config));
        this.middlewareStack.use(getHostHeaderPlugin(this.config));
        this.middlewareStack.use(getLoggerPlugin(this.config));
        this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
            httpAuthSchemeParametersProvider: defaultSchedulerHttpAuthSchemeParametersProvider,
            identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
                "aws.auth#sigv4": config.credentials,
            }),
        }));
        this.middlewareStack.use(getHttpSigningPlugin(this.config));
    }
    destroy() {
        super.destroy();
    }
}

const command = makeBuilder(commonParams, "AWSChronosService", "SchedulerClient", getEndpointPlugin);
const _ep0 = {};
const _mw0 = (Command, cs, config, o) => [];

class CreateScheduleCommand extends command(_ep0, _mw0, "CreateSchedule", CreateSchedule$) {
}

class CreateScheduleGroupCommand extends command(_ep0, _mw0, "CreateScheduleGroup", CreateScheduleGroup$) {
}

class DeleteScheduleCommand extends command(_ep0, _mw0, "DeleteSchedule", DeleteSchedule$) {
}

class DeleteScheduleGroupCommand extends command(_ep0, _mw0, "DeleteScheduleGroup", DeleteScheduleGroup$) {
}

class GetScheduleCommand extends command(_ep0, _mw0, "GetSchedule", GetSchedule$) {
}

class GetScheduleGroupCommand extends command(_ep0, _mw0, "GetScheduleGroup", GetScheduleGroup$) {
}

class ListScheduleGroupsCommand extends command(_ep0, _mw0, "ListScheduleGroups", ListScheduleGroups$) {
}

class ListSchedulesCommand extends command(_ep0, _mw0, "ListSchedules", ListSchedules$) {
}

class ListTagsForResourceCommand extends command(_ep0, _mw0, "ListTagsForResource", ListTagsForResource$) {
}

class TagResourceCommand extends command(_ep0, _mw0, "TagResource", TagResource$) {
}

class UntagResourceCommand extends command(_ep0, _mw0, "UntagResource", UntagResource$) {
}

class UpdateScheduleCommand extends command(_ep0, _mw0, "UpdateSchedule", UpdateSchedule$) {
}

const paginateListScheduleGroups = createPaginator(SchedulerClient, ListScheduleGroupsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListSchedules = createPaginator(SchedulerClient, ListSchedulesCommand, "NextToken", "NextToken", "MaxResults");

const commands = {
    CreateScheduleCommand,
    CreateScheduleGroupCommand,
    DeleteScheduleCommand,
    DeleteScheduleGroupCommand,
    GetScheduleCommand,
    GetScheduleGroupCommand,
    ListScheduleGroupsCommand,
    ListSchedulesCommand,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateScheduleCommand,
};
const paginators = {
    paginateListScheduleGroups,
    paginateListSchedules,
};
class Scheduler extends SchedulerClient {
}
createAggregatedClient(commands, Scheduler, { paginators });

const ActionAfterCompletion = {
    DELETE: "DELETE",
    NONE: "NONE",
};
const AssignPublicIp = {
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
};
const FlexibleTimeWindowMode = {
    FLEXIBLE: "FLEXIBLE",
    OFF: "OFF",
};
const ScheduleState = {
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
};
const LaunchType = {
    EC2: "EC2",
    EXTERNAL: "EXTERNAL",
    FARGATE: "FARGATE",
};
const PlacementConstraintType = {
    DISTINCT_INSTANCE: "distinctInstance",
    MEMBER_OF: "memberOf",
};
const PlacementStrategyType = {
    BINPACK: "binpack",
    RANDOM: "random",
    SPREAD: "spread",
};
const PropagateTags = {
    TASK_DEFINITION: "TASK_DEFINITION",
};
const ScheduleGroupState = {
    ACTIVE: "ACTIVE",
    DELETING: "DELETING",
};

__webpack_unused_export__ = ActionAfterCompletion;
__webpack_unused_export__ = AssignPublicIp;
__webpack_unused_export__ = AwsVpcConfiguration$;
__webpack_unused_export__ = CapacityProviderStrategyItem$;
__webpack_unused_export__ = ConflictException;
__webpack_unused_export__ = ConflictException$;
__webpack_unused_export__ = CreateSchedule$;
__webpack_unused_export__ = CreateScheduleCommand;
__webpack_unused_export__ = CreateScheduleGroup$;
__webpack_unused_export__ = CreateScheduleGroupCommand;
__webpack_unused_export__ = CreateScheduleGroupInput$;
__webpack_unused_export__ = CreateScheduleGroupOutput$;
__webpack_unused_export__ = CreateScheduleInput$;
__webpack_unused_export__ = CreateScheduleOutput$;
__webpack_unused_export__ = DeadLetterConfig$;
__webpack_unused_export__ = DeleteSchedule$;
__webpack_unused_export__ = DeleteScheduleCommand;
__webpack_unused_export__ = DeleteScheduleGroup$;
__webpack_unused_export__ = DeleteScheduleGroupCommand;
__webpack_unused_export__ = DeleteScheduleGroupInput$;
__webpack_unused_export__ = DeleteScheduleGroupOutput$;
__webpack_unused_export__ = DeleteScheduleInput$;
__webpack_unused_export__ = DeleteScheduleOutput$;
__webpack_unused_export__ = EcsParameters$;
__webpack_unused_export__ = EventBridgeParameters$;
__webpack_unused_export__ = FlexibleTimeWindow$;
__webpack_unused_export__ = FlexibleTimeWindowMode;
__webpack_unused_export__ = GetSchedule$;
exports.nu = GetScheduleCommand;
__webpack_unused_export__ = GetScheduleGroup$;
__webpack_unused_export__ = GetScheduleGroupCommand;
__webpack_unused_export__ = GetScheduleGroupInput$;
__webpack_unused_export__ = GetScheduleGroupOutput$;
__webpack_unused_export__ = GetScheduleInput$;
__webpack_unused_export__ = GetScheduleOutput$;
__webpack_unused_export__ = InternalServerException;
__webpack_unused_export__ = InternalServerException$;
__webpack_unused_export__ = KinesisParameters$;
__webpack_unused_export__ = LaunchType;
__webpack_unused_export__ = ListScheduleGroups$;
__webpack_unused_export__ = ListScheduleGroupsCommand;
__webpack_unused_export__ = ListScheduleGroupsInput$;
__webpack_unused_export__ = ListScheduleGroupsOutput$;
__webpack_unused_export__ = ListSchedules$;
exports.s = ListSchedulesCommand;
__webpack_unused_export__ = ListSchedulesInput$;
__webpack_unused_export__ = ListSchedulesOutput$;
__webpack_unused_export__ = ListTagsForResource$;
__webpack_unused_export__ = ListTagsForResourceCommand;
__webpack_unused_export__ = ListTagsForResourceInput$;
__webpack_unused_export__ = ListTagsForResourceOutput$;
__webpack_unused_export__ = NetworkConfiguration$;
__webpack_unused_export__ = PlacementConstraint$;
__webpack_unused_export__ = PlacementConstraintType;
__webpack_unused_export__ = PlacementStrategy$;
__webpack_unused_export__ = PlacementStrategyType;
__webpack_unused_export__ = PropagateTags;
__webpack_unused_export__ = ResourceNotFoundException;
__webpack_unused_export__ = ResourceNotFoundException$;
__webpack_unused_export__ = RetryPolicy$;
__webpack_unused_export__ = SageMakerPipelineParameter$;
__webpack_unused_export__ = SageMakerPipelineParameters$;
__webpack_unused_export__ = ScheduleGroupState;
__webpack_unused_export__ = ScheduleGroupSummary$;
__webpack_unused_export__ = ScheduleState;
__webpack_unused_export__ = ScheduleSummary$;
__webpack_unused_export__ = Scheduler;
exports.dC = SchedulerClient;
__webpack_unused_export__ = SchedulerServiceException;
__webpack_unused_export__ = SchedulerServiceException$;
__webpack_unused_export__ = ServiceQuotaExceededException;
__webpack_unused_export__ = ServiceQuotaExceededException$;
__webpack_unused_export__ = SqsParameters$;
__webpack_unused_export__ = Tag$;
__webpack_unused_export__ = TagResource$;
__webpack_unused_export__ = TagResourceCommand;
__webpack_unused_export__ = TagResourceInput$;
__webpack_unused_export__ = TagResourceOutput$;
__webpack_unused_export__ = Target$;
__webpack_unused_export__ = TargetSummary$;
__webpack_unused_export__ = ThrottlingException;
__webpack_unused_export__ = ThrottlingException$;
__webpack_unused_export__ = UntagResource$;
__webpack_unused_export__ = UntagResourceCommand;
__webpack_unused_export__ = UntagResourceInput$;
__webpack_unused_export__ = UntagResourceOutput$;
__webpack_unused_export__ = UpdateSchedule$;
exports.CH = UpdateScheduleCommand;
__webpack_unused_export__ = UpdateScheduleInput$;
__webpack_unused_export__ = UpdateScheduleOutput$;
__webpack_unused_export__ = ValidationException;
__webpack_unused_export__ = ValidationException$;
__webpack_unused_export__ = errorTypeRegistries;
__webpack_unused_export__ = paginateListScheduleGroups;
__webpack_unused_export__ = paginateListSchedules;


/***/ })

};

//# sourceMappingURL=89.index.js.map