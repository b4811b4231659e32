%% expect: 5:5: variable 'Missing' is unbound
%% A script (no -module): the module is named after the file; lint runs as usual.
main(Args) ->
    io:format("~p~n", [Args]),
    Missing.
