"""Charts of series and comparisons: `data` picks what to plot (pure, cheap, no matplotlib),
`png` draws it (matplotlib, Agg), imported only where a chart is wanted."""
