"""Everything Qt: the application, the main window, editors, the comparison and charts."""
