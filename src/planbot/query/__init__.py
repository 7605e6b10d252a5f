"""Understanding questions: normalise, parse intent and periods, resolve the measure."""
