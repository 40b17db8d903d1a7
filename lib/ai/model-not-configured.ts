export const MODEL_NOT_CONFIGURED =
  "No language model is configured. Set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL (and OPENAI_MODEL) for Ollama, vLLM, LM Studio or another OpenAI-compatible server, then restart the app.";
