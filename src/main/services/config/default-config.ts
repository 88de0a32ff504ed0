/** The commented config written on first run. Providers are added from the UI or by hand. */
export function defaultConfigText(port: number): string {
  return `# Switchyard config. Edit here or in the app (the app keeps your comments).
# Values written as ENV:NAME are read from the environment, so keys never need to live in this file.
# Reference: the "Config" section of the Switchyard README.

server:
  port: ${port}
  # Extra client tokens accepted besides the app token in <data-dir>/app-token.
  tokens: []

# Upstream lanes. protocol: anthropic | openai-chat | openai-responses
# baseUrl: anthropic without /v1, openai-* with /v1.
providers: []
#  - id: anthropic
#    protocol: anthropic
#    baseUrl: https://api.anthropic.com
#    apiKey: ENV:ANTHROPIC_API_KEY
#  - id: deepseek
#    protocol: openai-chat
#    baseUrl: https://api.deepseek.com/v1
#    apiKey: ENV:DEEPSEEK_API_KEY

# Exact downstream model names mapped to a lane (model defaults to the name).
routes: []
#  - { name: deepseek-chat, provider: deepseek, model: deepseek-chat, fallback: [anthropic] }

# Stable aliases the clients are configured with: "provider/model".
slots: {}
#  claude-code: { opus: anthropic/claude-opus-4-1, sonnet: deepseek/deepseek-chat, haiku: deepseek/deepseek-chat }
#  codex: { default: deepseek/deepseek-chat }

recording:
  enabled: true
  # When set, every exchange is mirrored to <dir>/<session>/query|answer/<ts>.json
  trajectoryDir: null
`;
}
