// Placeholder until the widget is built (issue 8).
export {};
