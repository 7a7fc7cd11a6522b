export const id = 82;
export const ids = [82];
export const modules = {

/***/ 4082:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ECRClient: () => (/* reexport safe */ _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__.S70),
/* harmony export */   ecrPort: () => (/* binding */ ecrPort)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1862);


function ecrPort(client) {
    return { describeImages: (input) => client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__/* .DescribeImagesCommand */ .ji5(input)) };
}


/***/ })

};

//# sourceMappingURL=82.index.js.map