// In the browser the SDK's `ws` import resolves here (esbuild alias): the browser's own WebSocket.
export default globalThis.WebSocket;
