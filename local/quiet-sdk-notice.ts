// The AWS SDK warns on Node.js 20 that its releases after January 2027 will need Node.js 22.
// Local tools run on Node.js >= 20.18 until then (the Lambda runs 24); the notice is in the
// README, so the tools' own output starts with what they did. Import this first.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
