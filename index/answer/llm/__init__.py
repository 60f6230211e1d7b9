"""Written answers from any LangChain chat model, with every quote verified before it is shown."""
