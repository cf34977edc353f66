"""Forums and their meetings: who chairs each, when it sits, how its decisions are numbered."""
