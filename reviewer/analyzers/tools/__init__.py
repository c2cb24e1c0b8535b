"""analyzers/tools"""
