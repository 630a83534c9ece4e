/**
 * Returns the HTML page that the inspector relay serves. It embeds the hosted Stately inspector
 * in a frame, reads the relay's WebSocket and posts each inspection event into the frame once
 * the inspector reports that it is ready with `@statelyai.connected`.
 */
export function inspectorBridgePage(webSocketUrl: string, inspectorUrl: string): string {
  const inspectorOrigin = JSON.stringify(new URL(inspectorUrl).origin);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>dome-flows: Stately inspector</title>
<style>
  html, body { margin: 0; height: 100%; }
  iframe { border: 0; width: 100%; height: 100%; }
</style>
</head>
<body>
<iframe id="inspector" src="${inspectorUrl}" title="Stately inspector"></iframe>
<script>
  const frame = document.getElementById('inspector');
  const inspectorOrigin = ${inspectorOrigin};
  const pending = [];
  let ready = false;

  // The inspector announces itself once loaded; events that arrive before then wait here.
  window.addEventListener('message', (message) => {
    if (message.origin !== inspectorOrigin) return;
    if (message.data && message.data.type === '@statelyai.connected') {
      ready = true;
      for (const event of pending.splice(0)) frame.contentWindow.postMessage(event, inspectorOrigin);
    }
  });

  const socket = new WebSocket(${JSON.stringify(webSocketUrl)});
  socket.addEventListener('message', (message) => {
    const event = JSON.parse(message.data);
    if (ready) frame.contentWindow.postMessage(event, inspectorOrigin);
    else pending.push(event);
  });
</script>
</body>
</html>
`;
}
