export const id = 537;
export const ids = [537];
export const modules = {

/***/ 8537:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CloudWatchLogsClient: () => (/* reexport safe */ _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__.TFr),
/* harmony export */   logsPort: () => (/* binding */ logsPort)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7422);


function logsPort(client) {
    return { getLogEvents: (input) => client.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_0__/* .GetLogEventsCommand */ .h7S(input)) };
}


/***/ })

};

//# sourceMappingURL=537.index.js.map