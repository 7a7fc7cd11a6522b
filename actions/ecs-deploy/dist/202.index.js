export const id = 202;
export const ids = [202];
export const modules = {

/***/ 5202:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CloudWatchClient: () => (/* reexport safe */ _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_0__.WBn),
/* harmony export */   cloudWatchPort: () => (/* binding */ cloudWatchPort)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9622);


function cloudWatchPort(client) {
    return { describeAlarms: (input) => client.send(new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_0__/* .DescribeAlarmsCommand */ .zWD(input)) };
}


/***/ })

};

//# sourceMappingURL=202.index.js.map