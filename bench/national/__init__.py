"""The national data set: a deterministic synthetic network at national scale on the real referentials."""
