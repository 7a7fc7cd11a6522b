export const id = 944;
export const ids = [944];
export const modules = {

/***/ 5944:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CodeDeployClient: () => (/* reexport safe */ _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_0__.cHd),
/* harmony export */   codeDeployPort: () => (/* binding */ codeDeployPort)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5006);


function codeDeployPort(client, noRetryClient = client) {
    return {
        getDeploymentGroup: (input) => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_0__/* .GetDeploymentGroupCommand */ .WOp(input)),
        createDeployment: (input) => noRetryClient.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_0__/* .CreateDeploymentCommand */ .ttP(input)),
        getDeployment: (input) => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_0__/* .GetDeploymentCommand */ .Tvn(input)),
        listDeployments: (input) => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_0__/* .ListDeploymentsCommand */ .sr8(input)),
        listDeploymentTargets: (input) => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_0__/* .ListDeploymentTargetsCommand */ .$9V(input)),
        getDeploymentTarget: (input) => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_0__/* .GetDeploymentTargetCommand */ .Oxg(input)),
        stopDeployment: (input) => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_0__/* .StopDeploymentCommand */ .NzN(input)),
    };
}


/***/ })

};

//# sourceMappingURL=944.index.js.map