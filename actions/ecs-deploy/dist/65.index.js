export const id = 65;
export const ids = [65];
export const modules = {

/***/ 2065:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EventBridgeClient: () => (/* reexport safe */ _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_0__.Ldt),
/* harmony export */   SchedulerClient: () => (/* reexport safe */ _aws_sdk_client_scheduler__WEBPACK_IMPORTED_MODULE_1__.dC),
/* harmony export */   eventsPort: () => (/* binding */ eventsPort),
/* harmony export */   schedulerPort: () => (/* binding */ schedulerPort)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(762);
/* harmony import */ var _aws_sdk_client_scheduler__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5582);




function schedulerPort(client) {
    return {
        listSchedules: (input) => client.send(new _aws_sdk_client_scheduler__WEBPACK_IMPORTED_MODULE_1__/* .ListSchedulesCommand */ .s(input)),
        getSchedule: (input) => client.send(new _aws_sdk_client_scheduler__WEBPACK_IMPORTED_MODULE_1__/* .GetScheduleCommand */ .nu(input)),
        updateSchedule: (input) => client.send(new _aws_sdk_client_scheduler__WEBPACK_IMPORTED_MODULE_1__/* .UpdateScheduleCommand */ .CH(input)),
    };
}
function eventsPort(client) {
    return {
        listRules: (input) => client.send(new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_0__/* .ListRulesCommand */ .TtM(input)),
        listTargetsByRule: (input) => client.send(new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_0__/* .ListTargetsByRuleCommand */ .Hi6(input)),
        putTargets: (input) => client.send(new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_0__/* .PutTargetsCommand */ .Ve7(input)),
    };
}


/***/ })

};

//# sourceMappingURL=65.index.js.map